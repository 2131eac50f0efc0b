package org.spacetimelens.demo;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.spacetimelens.pipeline.Predictions;
import org.spacetimelens.render.ContactSheet;
import org.spacetimelens.render.FigureCaption;
import org.spacetimelens.render.FigureOptions;
import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.video.Clip;

/**
 * The model card's figure for {@link ClassEvidence}: for two episodes of the demo video, the project's own
 * contact sheet ({@link ContactSheet}, default look) of the true class's evidence above that of the strongest
 * wrong class, on every other frame of one window, stacked into one image.
 */
public final class ClassEvidenceFigure {
    /** The episodes shown (the first two: "moves right" and "circles" in the shipped video). */
    static final int[] EPISODES = {0, 1};
    /** Window frames shown (every other one of the 8). */
    static final int[] FRAMES = {0, 2, 4, 6};
    /** Tiles of 112 units at 3/4 scale: 84 px tiles with the text scaled alike (a small file for the repository). */
    static final int TILE = 112;
    static final double SCALE = 0.75;
    static final String CAPTION = "*Figure:* `" + ClassEvidenceFigure.class.getSimpleName() + "` — for two episodes, "
            + "the window starting 2 frames in, every other frame: the true class's evidence above the strongest "
            + "wrong class's (contact sheets of `render.ContactSheet`, default look; each map divided by its own "
            + "maximum over the window's 8 frames).";

    private ClassEvidenceFigure() {
    }

    /** Renders the figure from a report and the decoded video frames it was measured on. */
    public static BufferedImage render(ClassEvidence.Report r, List<BufferedImage> videoFrames, double fps) {
        List<BufferedImage> sheets = new ArrayList<>();
        for (int episode : EPISODES) {
            ClassEvidence.Window w = window(r, episode);
            Clip clip = clip(w, videoFrames, fps);
            double[] p = Predictions.softmax(w.logits());
            sheets.add(sheet(clip, subset(w.trueClass()), r.labels().get(w.truth()) + " (true class)",
                    p[w.truth()]));
            sheets.add(sheet(clip, subset(w.wrong()), r.labels().get(w.wrongClass()) + " (strongest wrong class)",
                    p[w.wrongClass()]));
        }
        return stack(sheets);
    }

    static ClassEvidence.Window window(ClassEvidence.Report r, int episode) {
        int seen = 0;
        for (ClassEvidence.Window w : r.windows()) {
            if (w.episode() == episode && seen++ == ClassEvidence.FIGURE_OFFSET) {
                return w;
            }
        }
        throw new IllegalArgumentException("the report has no window " + ClassEvidence.FIGURE_OFFSET
                + " of episode " + episode);
    }

    private static Clip clip(ClassEvidence.Window w, List<BufferedImage> videoFrames, double fps) {
        int[] idx = new int[FRAMES.length];
        double[] ts = new double[FRAMES.length];
        List<BufferedImage> frames = new ArrayList<>();
        for (int i = 0; i < FRAMES.length; i++) {
            idx[i] = w.frames()[FRAMES[i]];
            ts[i] = idx[i] / fps;
            frames.add(videoFrames.get(idx[i]));
        }
        return new Clip(idx, ts, frames);
    }

    /** The shown frames of a window's maps, keeping the window's normalisation. */
    static AttentionMaps subset(AttentionMaps m) {
        int n = m.gridH() * m.gridW();
        float[] values = new float[FRAMES.length * n];
        float[] raw = new float[FRAMES.length * n];
        for (int i = 0; i < FRAMES.length; i++) {
            System.arraycopy(m.values(), FRAMES[i] * n, values, i * n, n);
            System.arraycopy(m.raw(), FRAMES[i] * n, raw, i * n, n);
        }
        return new AttentionMaps(FRAMES.length, m.gridH(), m.gridW(), values, raw);
    }

    private static BufferedImage sheet(Clip clip, AttentionMaps maps, String label, double p) {
        FigureCaption caption = new FigureCaption("demo TimeSformer", "class evidence (grad-rollout)", null, null,
                label, p);
        return ContactSheet.render(clip, maps, null, caption, RenderOptions.defaults(),
                FigureOptions.defaults().withTileSize(TILE).withScale(SCALE));
    }

    private static BufferedImage stack(List<BufferedImage> sheets) {
        int w = 0;
        int h = 0;
        for (BufferedImage s : sheets) {
            w = Math.max(w, s.getWidth());
            h += s.getHeight();
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            int y = 0;
            for (int i = 0; i < sheets.size(); i++) {
                g.drawImage(sheets.get(i), 0, y, null);
                y += sheets.get(i).getHeight();
                if (i % 2 == 1 && i + 1 < sheets.size()) {
                    g.setColor(new Color(0xCCCCCC));
                    g.drawLine(0, y - 1, w, y - 1); // between episodes
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
