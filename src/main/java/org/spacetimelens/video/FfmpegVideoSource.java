package org.spacetimelens.video;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/** A video file decoded with FFmpeg (implementation in progress). */
final class FfmpegVideoSource extends AbstractVideoSource {

    private FfmpegVideoSource(VideoInfo info, VideoOptions options) {
        super(info, options);
    }

    static FfmpegVideoSource open(Path path, VideoOptions options) throws VideoException {
        throw new UnsupportedOperationException("pending");
    }

    @Override
    BufferedImage decode(int index) throws VideoException {
        throw new UnsupportedOperationException("pending");
    }

    @Override
    void release() {
    }
}
