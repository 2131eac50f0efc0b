package org.spacetimelens.app;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.RolloutParams;

/**
 * Wraps the real backend, counting forward passes and, when a gate is set, holding each forward pass
 * (after it ran) until the test opens the gate — so tests can observe the app while one is in flight.
 */
final class RecordingBackend implements AnalysisBackend {
    final AnalysisBackend core;
    final AtomicInteger analyseCalls = new AtomicInteger();
    final AtomicInteger mapsCalls = new AtomicInteger();
    volatile CountDownLatch entered;
    volatile CountDownLatch gate;
    final AtomicInteger gradientCalls = new AtomicInteger();
    /** Target classes of the gradient passes, in order. */
    final java.util.List<Integer> gradientTargets = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    volatile CountDownLatch gradientEntered;
    volatile CountDownLatch gradientGate;

    RecordingBackend(AnalysisBackend core) {
        this.core = core;
    }

    /** From now on each forward pass signals {@link #entered} and waits for {@link #gate}. */
    void hold() {
        entered = new CountDownLatch(1);
        gate = new CountDownLatch(1);
    }

    void release() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    @Override
    public VideoHandle openVideo(Path path) throws BackendException {
        return core.openVideo(path);
    }

    @Override
    public VideoHandle openThumbnailer(Path path) throws BackendException {
        return core.openThumbnailer(path);
    }

    @Override
    public ModelHandle loadModel(Path path) throws BackendException {
        return core.loadModel(path);
    }

    @Override
    public int[] sampleClip(VideoMeta video, ModelSummary model, SamplingSettings sampling, int playhead)
            throws BackendException {
        return core.sampleClip(video, model, sampling, playhead);
    }

    @Override
    public ClipAnalysis analyse(ModelHandle model, VideoHandle video, int[] frameIndices, boolean half,
            ProgressListener progress) throws BackendException {
        analyseCalls.incrementAndGet();
        ClipAnalysis a = core.analyse(model, video, frameIndices, half, progress);
        CountDownLatch e = entered;
        CountDownLatch g = gate;
        if (e != null && g != null) {
            e.countDown();
            try {
                if (!g.await(60, TimeUnit.SECONDS)) {
                    throw new BackendException("test gate never opened");
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        return a;
    }

    /** From now on each gradient pass signals {@link #gradientEntered} and waits (before running) for the gate. */
    void holdGradients() {
        gradientEntered = new CountDownLatch(1);
        gradientGate = new CountDownLatch(1);
    }

    void releaseGradients() {
        CountDownLatch g = gradientGate;
        gradientGate = null;
        if (g != null) {
            g.countDown();
        }
    }

    @Override
    public AttentionGradients gradients(ModelHandle model, ClipAnalysis analysis, int targetClass, int contrastClass,
            ProgressListener progress) throws BackendException {
        gradientCalls.incrementAndGet();
        gradientTargets.add(targetClass);
        CountDownLatch e = gradientEntered;
        CountDownLatch g = gradientGate;
        if (e != null && g != null) {
            e.countDown();
            try {
                if (!g.await(60, TimeUnit.SECONDS)) {
                    throw new BackendException("test gate never opened");
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        return core.gradients(model, analysis, targetClass, contrastClass, progress);
    }

    @Override
    public AttentionMaps maps(ClipAnalysis analysis, AttentionGradients gradients, RolloutParams params)
            throws BackendException {
        mapsCalls.incrementAndGet();
        return core.maps(analysis, gradients, params);
    }

    @Override
    public AttentionMaps maps(ClipAnalysis analysis, RolloutParams params) throws BackendException {
        mapsCalls.incrementAndGet();
        return core.maps(analysis, params);
    }

    @Override
    public BufferedImage overlay(BufferedImage frame, ClipAnalysis analysis, AttentionMaps maps, int t,
            RenderOptions options) throws BackendException {
        return core.overlay(frame, analysis, maps, t, options);
    }

    @Override
    public void export(ExportJob job, java.util.Set<org.spacetimelens.pipeline.ExportFormat> formats, Path outDir,
            ProgressListener progress) throws BackendException {
        core.export(job, formats, outDir, progress);
    }

    @Override
    public void export(ExportJob job, ExportChoice choice, Path outDir, ProgressListener progress)
            throws BackendException {
        core.export(job, choice, outDir, progress);
    }

    @Override
    public java.util.List<Path> conflicts(ExportJob job, java.util.Set<org.spacetimelens.pipeline.ExportFormat> formats,
            Path outDir) throws BackendException {
        return core.conflicts(job, formats, outDir);
    }

    @Override
    public void writeSidecar(ExportJob job, Path artefact, Path sidecar) throws BackendException {
        core.writeSidecar(job, artefact, sidecar);
    }

    @Override
    public void writeSidecar(ExportJob job, Path artefact, Path sidecar, org.spacetimelens.render.ViewShot shot)
            throws BackendException {
        core.writeSidecar(job, artefact, sidecar, shot);
    }

    @Override
    public void exportCompare(CompareExportJob job, Path png) throws BackendException {
        core.exportCompare(job, png);
    }

    @Override
    public Optional<VideoHints> hints(Path video) {
        return core.hints(video);
    }

    @Override
    public Optional<Path> demoVideo() {
        return Optional.empty();
    }

    @Override
    public Optional<Path> demoModel() {
        return Optional.empty();
    }

    @Override
    public void close() {
        core.close();
    }
}
