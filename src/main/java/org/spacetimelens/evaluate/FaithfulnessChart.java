package org.spacetimelens.evaluate;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code faithfulness.png}: deletion and insertion side by side, one line per method with its AUC in the
 * legend (below each plot, so it never hides a curve), the clean and empty probabilities as grey dotted
 * lines. Drawn with XChart 1120 px wide with 28–34 px text: at a paper's column width (about 8.5 cm) the
 * text prints at about 6–7 pt.
 */
public final class FaithfulnessChart {

    static final int PANEL_W = 560;
    static final int PANEL_H = 800;
    static final int TITLE_H = 52;

    /** Colour-blind-safe (Okabe–Ito) line colours; random is drawn in grey. */
    private static final Color[] COLORS = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
        new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9), new Color(0xF0E442)};
    private static final Color RANDOM = new Color(0x555555);
    private static final Color MARK = new Color(0x999999);

    private FaithfulnessChart() {
    }

    /**
     * @param title the line above both panels (e.g. clip and target class), or null
     */
    public static BufferedImage render(ClipFaithfulness r, String title) {
        BufferedImage left = BitmapEncoder.getBufferedImage(panel(r, true));
        BufferedImage right = BitmapEncoder.getBufferedImage(panel(r, false));
        int top = title == null ? 0 : TITLE_H;
        BufferedImage out = new BufferedImage(left.getWidth() + right.getWidth(), top + left.getHeight(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(left, 0, top, null);
            g.drawImage(right, left.getWidth(), top, null);
            if (title != null) {
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 30));
                int w = g.getFontMetrics().stringWidth(title);
                g.drawString(title, Math.max(8, (out.getWidth() - w) / 2), TITLE_H - 12);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The title {@code evaluate} and the viewer's Faithfulness pane put above the figure: clip, target, clean p. */
    public static String title(Path clip, List<String> labels, ClipFaithfulness r) {
        String name = clip.getFileName() == null ? clip.toString() : clip.getFileName().toString();
        return String.format(Locale.ROOT, "%s — target: %s (p = %.3f)", name,
                org.spacetimelens.pipeline.Captions.label(labels, r.targetClass()), r.cleanProbability());
    }

    public static void write(Path file, ClipFaithfulness r, String title) throws IOException {
        javax.imageio.ImageIO.write(render(r, title), "png", file.toFile());
    }

    private static XYChart panel(ClipFaithfulness r, boolean deletion) {
        XYChart chart = new XYChartBuilder().width(PANEL_W).height(PANEL_H)
                .title(deletion ? "Deletion (lower = better)" : "Insertion (higher = better)")
                .xAxisTitle(deletion ? "% of patches removed" : "% of patches inserted")
                .yAxisTitle("p(target class)").build();
        XYStyler st = chart.getStyler();
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 29));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 30));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 28));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 28));
        st.setLegendSeriesLineLength(48);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderVisible(true);
        st.setPlotGridLinesColor(new Color(0xE4E4E4));
        st.setChartTitleBoxVisible(false);
        st.setLegendBorderColor(new Color(0xBBBBBB));
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setLegendLayout(Styler.LegendLayout.Vertical);
        st.setLegendPadding(8);
        st.setXAxisMin(0.0);
        st.setXAxisMax(100.0);
        st.setYAxisMin(0.0);
        st.setYAxisMax(1.0);
        st.setXAxisDecimalPattern("0");
        st.setXAxisTickMarkSpacingHint(60);
        st.setYAxisTickMarkSpacingHint(90);
        st.setYAxisDecimalPattern("0.0");
        st.setAntiAlias(true);
        st.setChartPadding(12);

        // XChart steps these ticks by 10 (or 15 when sparser); label every other one so 28 px text fits
        chart.setCustomXAxisTickLabelsFormatter(v -> Math.abs(v / 20 - Math.rint(v / 20)) < 1e-6
                ? String.valueOf(Math.round(v)) : " "); // XChart cannot lay out an empty label
        double[] x = new double[r.steps() + 1];
        for (int s = 0; s <= r.steps(); s++) {
            x[s] = 100.0 * s / r.steps();
        }
        int colour = 0;
        for (Map.Entry<String, Curves> e : r.methods().entrySet()) {
            Curves c = e.getValue();
            double auc = deletion ? c.deletionAuc() : c.insertionAuc();
            XYSeries s = chart.addSeries(String.format(Locale.ROOT, "%s (AUC %.3f)", e.getKey(), auc), x,
                    deletion ? c.deletion() : c.insertion());
            boolean random = e.getKey().equals(RankingMethods.RANDOM);
            s.setLineColor(random ? RANDOM : COLORS[colour++ % COLORS.length]);
            s.setLineStyle(random ? dashed(4f, 10f, 6f) : new BasicStroke(4f, BasicStroke.CAP_ROUND,
                    BasicStroke.JOIN_ROUND));
            s.setMarker(SeriesMarkers.NONE);
        }
        mark(chart, String.format(Locale.ROOT, "clean clip: p = %.3f", r.cleanProbability()), r.cleanProbability(),
                dashed(3f, 3f, 5f));
        mark(chart, String.format(Locale.ROOT, "empty clip: p = %.3f", r.emptyProbability()), r.emptyProbability(),
                dashed(3f, 12f, 5f));
        return chart;
    }

    /** A horizontal dotted line at {@code y} across the plot, named in the legend. */
    private static void mark(XYChart chart, String name, double y, BasicStroke stroke) {
        XYSeries s = chart.addSeries(name, List.of(0.0, 100.0), List.of(y, y));
        s.setLineColor(MARK);
        s.setLineStyle(stroke);
        s.setMarker(SeriesMarkers.NONE);
    }

    private static BasicStroke dashed(float width, float on, float off) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {on, off}, 0f);
    }
}
