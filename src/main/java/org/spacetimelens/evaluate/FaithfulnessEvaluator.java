package org.spacetimelens.evaluate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spacetimelens.evaluate.PerturbationProtocol.Kind;
import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.model.JointModel;
import org.spacetimelens.model.Logits;
import org.spacetimelens.model.ModelGeometry;
import org.spacetimelens.model.TimeSformer;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.VideoModel;
import org.spacetimelens.video.ClipTensor;

/**
 * Deletion and insertion curves (ROLLOUT.md, "Faithfulness: the perturbation protocol") of several
 * methods on one clip. The perturbed clips are independent, so they run through the model in batches of
 * {@code batchSize} ({@link VideoModel#logits}, no attention capture); the clean and the all-zero clip,
 * shared by every curve, run once. Not thread-safe (one model, sequential use).
 */
public final class FaithfulnessEvaluator {

    /** S when none is given. */
    public static final int DEFAULT_STEPS = 20;
    /** Largest default batch: beyond it a CPU gains nothing and a GPU little. */
    static final int MAX_DEFAULT_BATCH = 32;

    /** Hears how many perturbed clips are done, of how many. */
    @FunctionalInterface
    public interface Progress {
        void update(int done, int total);
    }

    private final VideoModel model;
    private final int batchSize;

    /** @param batchSize clips per forward pass, >= 1 (see {@link #defaultBatchSize}) */
    public FaithfulnessEvaluator(VideoModel model, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.model = model;
        this.batchSize = batchSize;
    }

    public int batchSize() {
        return batchSize;
    }

    public VideoModel model() {
        return model;
    }

    /**
     * A batch size whose largest layer's intermediates (q, k, v, attention scores and probabilities, the
     * MLP) fit a quarter of the free memory of the device ({@link #memoryBudget}), capped at
     * {@value #MAX_DEFAULT_BATCH}.
     */
    public static int defaultBatchSize(TimeSformerConfig c, int frames, int height, int width, boolean gpu) {
        return batchSizeFor(c, frames, height, width, memoryBudget(gpu));
    }

    /** {@link #defaultBatchSize(TimeSformerConfig, int, int, int, boolean)} for any family. */
    public static int defaultBatchSize(VideoModel model, int frames, int height, int width, boolean gpu) {
        if (model instanceof TimeSformer t) {
            return defaultBatchSize(t.config(), frames, height, width, gpu);
        }
        // intermediate_size of joint models; 4·hidden (both families' default) for any other family
        int mlp = model instanceof JointModel j ? j.net().config().intermediateSize()
                : 4 * model.geometry().hiddenSize();
        return batchSizeFor(model.geometry(), mlp, frames, height, width, memoryBudget(gpu));
    }

    /** Joint space-time attention: one layer's intermediates over all {@code 1 + T'·gh·gw} tokens. */
    static int batchSizeFor(ModelGeometry g, int intermediateSize, int frames, int height, int width,
            long budgetBytes) {
        long tokens = (g.hasCls() ? 1 : 0) + (long) g.slots(frames) * g.gridH(height) * g.gridW(width);
        long floats = tokens * (8L * g.hiddenSize() + 2L * intermediateSize) + 2L * g.numHeads() * tokens * tokens;
        return (int) Math.max(1, Math.min(MAX_DEFAULT_BATCH, budgetBytes / (4 * floats)));
    }

    /** The largest batch (1 .. {@value #MAX_DEFAULT_BATCH}) whose largest layer fits {@code budgetBytes}. */
    public static int batchSizeFor(TimeSformerConfig c, int frames, int height, int width, long budgetBytes) {
        long g = (long) (height / c.patchSize()) * (width / c.patchSize());
        long tokens = 1 + g * frames;
        long d = c.hiddenSize();
        long floats = tokens * (8 * d + 2L * c.intermediateSize())
                + 2L * c.numHeads() * (frames * (1 + g) * (1 + g) + g * frames * frames);
        return (int) Math.max(1, Math.min(MAX_DEFAULT_BATCH, budgetBytes / (4 * floats)));
    }

    /**
     * A quarter of the free memory: the first GPU's as CUDA reports it, or the machine's free physical
     * memory, within [256 MiB, 8 GiB]; 1 GiB (CPU) or 4 GiB (GPU) when neither can be read.
     */
    public static long memoryBudget(boolean gpu) {
        long free = -1;
        try {
            if (gpu) {
                java.lang.management.MemoryUsage m = ai.djl.util.cuda.CudaUtils.getGpuMemory(ai.djl.Device.gpu());
                free = m.getMax() - m.getUsed();
            } else if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os) {
                free = os.getFreeMemorySize();
            }
        } catch (RuntimeException | LinkageError e) {
            free = -1; // no CUDA runtime or no such bean: the fixed budget below
        }
        if (free <= 0) {
            return gpu ? 4L << 30 : 1L << 30;
        }
        return Math.max(256L << 20, Math.min(8L << 30, free / 4));
    }

    /** {@link #evaluate(ClipTensor, List, int, Integer, Progress)} without progress. */
    public ClipFaithfulness evaluate(ClipTensor clip, List<RankingMethod> methods, int steps, Integer targetClass) {
        return evaluate(clip, methods, steps, targetClass, null);
    }

    /**
     * The curves of every method.
     *
     * @param targetClass the class to follow, or null for the clean clip's top class
     * @throws IllegalArgumentException for steps < 1, a target out of range, a method that does not fit
     */
    public ClipFaithfulness evaluate(ClipTensor clip, List<RankingMethod> methods, int steps, Integer targetClass,
            Progress progress) {
        long start = System.nanoTime();
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        PatchGrid grid = PatchGrid.of(model.geometry(), clip.frames(), clip.height(), clip.width());
        ForwardResult clean = model.forward(clip.data(), clip.frames(), clip.height(), clip.width(), true, false);
        int labels = clean.logits().length;
        int target = targetClass == null ? Logits.argmax(clean.logits()) : targetClass;
        if (target < 0 || target >= labels) {
            throw new IllegalArgumentException("target class " + target + " is out of range: the model has "
                    + labels + " classes (0.." + (labels - 1) + ")");
        }
        ClipContext ctx = new ClipContext(model, clip, grid, clean, target);
        int n = grid.size();

        // Every point is a job index; 0 = the clean clip, 1 = the empty clip, shared by all curves.
        List<Job> jobs = new ArrayList<>(List.of(new Job(Kind.DELETION, null, 0), new Job(Kind.INSERTION, null, 0)));
        Map<String, int[][][]> index = new LinkedHashMap<>(); // name -> [ranking][kind][s] -> job
        for (RankingMethod m : methods) {
            List<int[]> rankings = m.rankings(ctx);
            int[][][] idx = new int[rankings.size()][2][steps + 1];
            for (int r = 0; r < rankings.size(); r++) {
                int[] ranking = checkPermutation(m.name(), rankings.get(r), n);
                for (int s = 0; s <= steps; s++) {
                    int k = PerturbationProtocol.k(s, n, steps);
                    idx[r][0][s] = k == 0 ? 0 : k == n ? 1 : add(jobs, new Job(Kind.DELETION, ranking, k));
                    idx[r][1][s] = k == 0 ? 1 : k == n ? 0 : add(jobs, new Job(Kind.INSERTION, ranking, k));
                }
            }
            if (index.put(m.name(), idx) != null) {
                throw new IllegalArgumentException("method '" + m.name() + "' is given twice");
            }
        }
        double[] p = run(jobs, clip, grid, target, progress);

        Map<String, Curves> curves = new LinkedHashMap<>();
        for (Map.Entry<String, int[][][]> e : index.entrySet()) {
            int[][][] idx = e.getValue();
            double[][] mean = new double[2][steps + 1];
            for (int[][] r : idx) {
                for (int kind = 0; kind < 2; kind++) {
                    for (int s = 0; s <= steps; s++) {
                        mean[kind][s] += p[r[kind][s]];
                    }
                }
            }
            for (double[] curve : mean) {
                for (int s = 0; s <= steps; s++) {
                    curve[s] /= idx.length;
                }
            }
            curves.put(e.getKey(), Curves.of(mean[0], mean[1]));
        }
        return new ClipFaithfulness(target, targetClass != null, steps, n, p[0], p[1], curves, jobs.size(),
                (System.nanoTime() - start) / 1e9);
    }

    /** A perturbed clip: the first k patches of {@code ranking} deleted or inserted (null ranking: k = 0). */
    private record Job(Kind kind, int[] ranking, int k) {
    }

    private static int add(List<Job> jobs, Job job) {
        jobs.add(job);
        return jobs.size() - 1;
    }

    /** The target probability of every job, {@code batchSize} clips per forward pass. */
    private double[] run(List<Job> jobs, ClipTensor clip, PatchGrid grid, int target, Progress progress) {
        int len = grid.clipLength();
        double[] p = new double[jobs.size()];
        float[] buffer = new float[Math.min(batchSize, jobs.size()) * len];
        for (int from = 0; from < jobs.size(); from += batchSize) {
            int count = Math.min(batchSize, jobs.size() - from);
            for (int i = 0; i < count; i++) {
                Job j = jobs.get(from + i);
                PerturbationProtocol.perturb(j.kind(), clip.data(), grid, j.ranking(), j.k(), buffer, i * len);
            }
            float[][] logits = model.logits(buffer, count, clip.frames(), clip.height(), clip.width());
            for (int i = 0; i < count; i++) {
                p[from + i] = PerturbationProtocol.probability(logits[i], target);
            }
            if (progress != null) {
                progress.update(from + count, jobs.size());
            }
        }
        return p;
    }

    private static int[] checkPermutation(String method, int[] ranking, int n) {
        boolean[] seen = new boolean[n];
        if (ranking.length != n) {
            throw new IllegalArgumentException(method + ": ranking has " + ranking.length + " entries, the clip has "
                    + n + " patches");
        }
        for (int i : ranking) {
            if (i < 0 || i >= n || seen[i]) {
                throw new IllegalArgumentException(method + ": ranking is not a permutation of 0.." + (n - 1));
            }
            seen[i] = true;
        }
        return ranking;
    }
}
