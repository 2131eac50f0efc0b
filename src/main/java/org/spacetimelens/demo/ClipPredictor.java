package org.spacetimelens.demo;

import org.spacetimelens.model.ForwardResult;

/** One preprocessed clip {@code (T, 3, S, S)} in, logits (and optionally attention) out. */
@FunctionalInterface
public interface ClipPredictor {
    ForwardResult forward(float[] clip, boolean capture);
}
