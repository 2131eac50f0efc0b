import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;
import org.spacetimelens.render.Colormap;

/**
 * Draws the application icon: three stacked frames (time) whose front frame is an 8×8 grid of
 * patches coloured by a rollout-like blob through the project's own turbo colormap (space).
 * Run from the checkout after {@code mvn compile}:
 * {@code java -cp target/classes packaging/icon/MakeIcon.java packaging/spacetime-lens.png [size]}.
 * Deterministic: same classes, same PNG.
 */
public final class MakeIcon {
    public static void main(String[] args) throws Exception {
        File out = new File(args.length > 0 ? args[0] : "spacetime-lens.png");
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        ImageIO.write(draw(size), "png", out);
        System.out.println("wrote " + out + " (" + size + "×" + size + ")");
    }

    static BufferedImage draw(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setComposite(AlphaComposite.Src);
        g.setColor(new Color(0, 0, 0, 0));
        g.fillRect(0, 0, size, size);
        g.setComposite(AlphaComposite.SrcOver);

        double s = size / 256.0;
        double tile = 176 * s;
        double step = 24 * s;
        double arc = 28 * s;
        // Back frames first: earlier time steps, dimmer and further up-right.
        for (int k = 2; k >= 0; k--) {
            double x = 16 * s + (2 - k) * step;
            double y = 16 * s + k * step;
            RoundRectangle2D frame = new RoundRectangle2D.Double(x, y, tile, tile, arc, arc);
            g.setColor(new Color(18, 22, 48));
            g.fill(frame);
            if (k > 0) {
                // A faint echo of the heat map on the back frames: the blob moved over time.
                paintPatches(g, x, y, tile, 0.30f + 0.12f * (2 - k), 0.25 + 0.12 * (2 - k), frame);
                g.setColor(new Color(255, 255, 255, 70));
            } else {
                paintPatches(g, x, y, tile, 1f, 0.62, frame);
                g.setColor(new Color(255, 255, 255, 230));
            }
            g.setStroke(new BasicStroke((float) (5 * s)));
            g.draw(frame);
        }
        g.dispose();
        return img;
    }

    /** 8×8 patches, a Gaussian blob centred at (cx, 0.42) in tile units, turbo-coloured. */
    private static void paintPatches(Graphics2D g, double x, double y, double tile, float alpha, double cx,
            RoundRectangle2D clip) {
        int n = 8;
        double gap = tile * 0.018;
        double cell = tile / n;
        java.awt.Shape old = g.getClip();
        g.setClip(clip);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                double u = (c + 0.5) / n - cx;
                double v = (r + 0.5) / n - 0.42;
                float value = (float) Math.exp(-(u * u + v * v) / (2 * 0.16 * 0.16));
                Color base = new Color(Colormap.TURBO.rgb(value));
                g.setColor(new Color(base.getRed(), base.getGreen(), base.getBlue(), Math.round(255 * alpha)));
                g.fill(new java.awt.geom.Rectangle2D.Double(x + c * cell + gap, y + r * cell + gap,
                        cell - 2 * gap, cell - 2 * gap));
            }
        }
        g.setClip(old);
    }
}
