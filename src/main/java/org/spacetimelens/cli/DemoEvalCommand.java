package org.spacetimelens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spacetimelens.demo.ClassEvidenceBuild;
import org.spacetimelens.demo.DemoAssets;
import org.spacetimelens.demo.DemoBuild;
import org.spacetimelens.demo.DemoEvaluator;
import org.spacetimelens.demo.DemoNets;
import org.spacetimelens.demo.ModelCard;
import org.spacetimelens.demo.TerminalProgress;
import org.spacetimelens.model.Engines;
import org.spacetimelens.model.TimeSformer;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code demo-eval}: measures a demo checkpoint (accuracy, rollout pointing) on fresh scenes. */
@Command(name = "demo-eval", mixinStandardHelpOptions = true,
        description = "Measure a demo checkpoint on fresh synthetic clips: accuracy and whether the default rollout points at the target.")
public final class DemoEvalCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "PATH", description = "checkpoint folder (default: the bundled demo model)")
    Path model;

    @Option(names = "--clips", defaultValue = "1000", description = "fresh clips (default ${DEFAULT-VALUE})")
    int clips;

    @Option(names = "--seed", defaultValue = "1000003", description = "generator seed of the clips (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--device", defaultValue = "cpu", description = "auto | cpu | gpu (default ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--class-evidence", description = "instead: the class-evidence bar on the demo video "
            + "(true vs wrong class, grad-rollout; assets/demo/MODEL_CARD.md)")
    boolean classEvidence;

    @Option(names = "--assets", paramLabel = "DIR", description = "with --class-evidence: demo folder holding "
            + "demo.mp4, demo.json, MODEL_CARD.md (default: the bundled assets/demo)")
    Path assets;

    @Option(names = "--write-card", description = "with --class-evidence: write the figure "
            + "(class_evidence.png) and the card's section into the demo folder")
    boolean writeCard;

    @Override
    public Integer call() throws Exception {
        Engines.ensureOffline();
        if (clips < 1) {
            System.err.println("demo-eval: --clips must be positive");
            return 2;
        }
        if ((assets != null || writeCard) && !classEvidence) {
            throw new CliException("--assets and --write-card apply to --class-evidence");
        }
        if (classEvidence) {
            DemoAssets demo = assets != null ? DemoAssets.at(assets) : DemoAssets.locate();
            if (!Files.isRegularFile(demo.video()) || !Files.isRegularFile(demo.sidecar())) {
                throw new CliException(demo.root() + ": needs demo.mp4 and demo.json (a folder written by train-demo)");
            }
            Path dir = model != null ? model : demo.modelDir();
            ClassEvidenceBuild.run(demo, dir, device, writeCard, writeCard, System.out);
            return 0;
        }
        Path dir = model != null ? model : DemoAssets.locate().modelDir();
        try (TimeSformer m = TimeSformer.load(dir, new TimeSformer.LoadOptions(device, 0))) {
            TerminalProgress bar = TerminalProgress.stderr(250);
            DemoEvaluator.Report r = DemoEvaluator.evaluate(DemoNets.predictor(m), m.config(), m.preprocess(), seed, clips,
                    rec -> Rollout.compute(rec, RolloutParams.defaults()), n -> bar.update(n, clips, "evaluating"));
            System.out.println("model: " + dir + (seed == DemoBuild.EVAL_SEED ? "" : " (non-default seed " + seed + ")"));
            System.out.print(ModelCard.summary(r));
        }
        return 0;
    }
}
