package org.spacetimelens.app;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import org.spacetimelens.evaluate.ClipFaithfulness;
import org.spacetimelens.evaluate.FaithfulnessEvaluator;
import org.spacetimelens.evaluate.RankingMethod;
import org.spacetimelens.evaluate.RankingMethods;
import org.spacetimelens.model.VideoModel;
import org.spacetimelens.video.Clip;
import org.spacetimelens.video.ClipTensor;
import org.spacetimelens.video.Preprocessor;

/**
 * The Faithfulness pane's background work: the core's {@link FaithfulnessEvaluator} on the analysed clip.
 * The clip's decoded frames are preprocessed again (the analysis keeps no tensor; preprocessing is
 * deterministic, so this is the tensor the forward pass saw). Runs on the engine thread, the model's one
 * thread; a superseded job stops at the next batch of perturbed clips.
 */
final class FaithfulnessJob implements BackgroundJob<FaithfulnessResult> {

    /** Hears each finished batch (tests hold a job mid-run with it). */
    interface BatchHook {
        void batchDone(int done, int total);
    }

    private final FaithfulnessRequest request;
    private final BatchHook hook;

    FaithfulnessJob(FaithfulnessRequest request, BatchHook hook) {
        this.request = request;
        this.hook = hook;
    }

    @Override
    public FaithfulnessResult run(JobContext ctx) throws Exception {
        VideoModel model = CoreModel.modelOf(request.model());
        ClipAnalysis a = request.analysis();
        ctx.progress(0, "Faithfulness: preparing the clip");
        ClipTensor clip = new Preprocessor(model.preprocess()).apply(new Clip(a.frameIndices(), a.timestamps(),
                a.frames()));
        List<RankingMethod> methods;
        try {
            methods = RankingMethods.of(request.methods(), new RankingMethods.Options(request.params(),
                    request.seed()));
        } catch (IllegalArgumentException e) {
            throw new BackendException("Faithfulness cannot rank this map: " + e.getMessage(), e);
        }
        int batch = FaithfulnessEvaluator.defaultBatchSize(model, clip.frames(), clip.height(), clip.width(),
                model.deviceName().startsWith("gpu"));
        FaithfulnessEvaluator evaluator = new FaithfulnessEvaluator(model, batch);
        ClipFaithfulness r;
        try {
            r = evaluator.evaluate(clip, methods, request.steps(), request.target(), (done, total) -> {
                if (hook != null) {
                    hook.batchDone(done, total);
                }
                if (ctx.isCancelled()) {
                    throw new CancellationException("superseded"); // stop between batches; the result is dropped
                }
                ctx.progress((double) done / total, String.format(Locale.ROOT,
                        "Faithfulness: %d of %d perturbed clips", done, total));
            });
        } catch (IllegalArgumentException e) {
            throw new BackendException("Faithfulness: " + e.getMessage(), e);
        }
        return new FaithfulnessResult(request, r, batch, new int[] {clip.frames(), 3, clip.height(), clip.width()});
    }
}
