package org.spacetimelens.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spacetimelens.demo.DemoBuild;
import org.spacetimelens.demo.DemoModels;
import org.spacetimelens.demo.DemoTrainer;
import org.spacetimelens.model.Engines;
import org.spacetimelens.model.TimeSformerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code train-demo}: trains the demo TimeSformer and writes model, video, sidecar and card. */
@Command(name = "train-demo", mixinStandardHelpOptions = true,
        description = {"Train the demo TimeSformer on the synthetic red-target task (CPU, seeded)",
            "and write DIR/model (Hugging Face folder), DIR/demo.mp4, DIR/demo.json and DIR/MODEL_CARD.md."})
public final class TrainDemoCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (e.g. assets/demo)")
    Path out;

    @Option(names = "--steps", defaultValue = "1800", description = "training steps (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--seed", defaultValue = "7", description = "training seed: scenes and initial weights (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--batch", defaultValue = "16", description = "clips per step (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3", description = "peak learning rate (default ${DEFAULT-VALUE})")
    float lr;

    @Option(names = "--curriculum", defaultValue = "-1", paramLabel = "STEPS",
            description = "steps over which distractors grow from 0 to the full 4–6 (default: a third of --steps)")
    int curriculum;

    @Option(names = "--eval-clips", defaultValue = "1000", description = "fresh clips to measure on (default ${DEFAULT-VALUE})")
    int evalClips;

    @Option(names = "--eval-seed", defaultValue = "1000003", description = "generator seed of the measuring clips (default ${DEFAULT-VALUE})")
    long evalSeed;

    @Option(names = "--threads", defaultValue = "1", description = {"PyTorch CPU threads (default ${DEFAULT-VALUE}: on a busy",
        "shared machine one thread avoids OpenMP spin-waiting, which made 2 threads several times slower)"})
    int threads;

    @Option(names = "--no-video", description = "skip the demo video")
    boolean noVideo;

    @Option(names = "--tiny", hidden = true, description = "tiny architecture (tests)")
    boolean tiny;

    @Override
    public Integer call() throws Exception {
        Engines.ensureOffline();
        // Read by DJL when the PyTorch engine starts (nothing has started it yet in this process).
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(Math.max(1, threads)));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        if (steps < 1 || batch < 1 || evalClips < 1) {
            System.err.println("train-demo: --steps, --batch and --eval-clips must be positive");
            return 2;
        }
        if (seed == evalSeed) {
            System.err.println("train-demo: --seed must differ from --eval-seed (" + evalSeed
                    + "): the model must be measured on scenes it never saw");
            return 2;
        }
        TimeSformerConfig cfg = tiny ? DemoModels.tiny() : DemoModels.demo();
        DemoTrainer.Options opt = new DemoTrainer.Options(steps, batch, seed, lr, 0.05f, Math.max(1, steps / 20), curriculum < 0 ? steps / 3 : curriculum, 0);
        String command = "java -jar target/spacetime-lens.jar train-demo --out " + out + " --steps " + steps
                + " --seed " + seed + (batch != 16 ? " --batch " + batch : "") + (lr != 1e-3f ? " --lr " + lr : "")
                + (evalClips != 1000 ? " --eval-clips " + evalClips : "") + (evalSeed != DemoBuild.EVAL_SEED ? " --eval-seed " + evalSeed : "")
                + (curriculum >= 0 ? " --curriculum " + curriculum : "") + (threads != 1 ? " --threads " + threads : "") + (noVideo ? " --no-video" : "");
        DemoBuild.run(new DemoBuild.Settings(out, cfg, opt, evalSeed, evalClips, !noVideo, command), System.out);
        return 0;
    }
}
