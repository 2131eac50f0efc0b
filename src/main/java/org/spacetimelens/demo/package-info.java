/**
 * The embedded demo: a seeded synthetic spatio-temporal task ({@link org.spacetimelens.demo.SceneGenerator}:
 * find the one saturated red shape among moving distractors and name its motion), training of a
 * small divided space-time TimeSformer on it with DJL autograd, the demo video with its
 * ground-truth sidecar, the accuracy and rollout-pointing metrics, and
 * {@link org.spacetimelens.demo.DemoAssets}, which finds the shipped assets. No JavaFX.
 */
package org.spacetimelens.demo;
