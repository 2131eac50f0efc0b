package org.spacetimelens.demo;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One episode's description: backdrop, objects in drawing order (exactly one of them the red
 * target), grain strength and the label. Everything is in normalised coordinates and episode
 * time τ, so the same scene renders at the model's size (e.g. 64 px) and at a demo size
 * (e.g. 384 px) with boxes that scale. Immutable; rendering is thread-safe.
 */
public final class Scene {
    /** Outline width in normalised units (0.5 px at 64 px, 3 px at 384 px). */
    static final double STROKE = 0.008;
    /** Drop-shadow offset in normalised units. */
    private static final double SHADOW = 0.012;
    /** Grain is defined on a fixed lattice so that it looks alike at every rendering size. */
    static final int GRAIN_CELLS = 64;

    private final long seed;
    private final Motion label;
    private final Background background;
    private final List<SceneObject> objects;
    private final int targetIndex;
    private final double grain;
    private final double clipStart;

    Scene(long seed, Motion label, Background background, List<SceneObject> objects, double grain,
            double clipStart) {
        this.seed = seed;
        this.label = label;
        this.background = background;
        this.objects = List.copyOf(objects);
        int t = -1;
        for (int i = 0; i < this.objects.size(); i++) {
            if (this.objects.get(i).target()) {
                if (t >= 0) {
                    throw new IllegalArgumentException("a scene has exactly one target");
                }
                t = i;
            }
        }
        if (t < 0) {
            throw new IllegalArgumentException("a scene has exactly one target");
        }
        this.targetIndex = t;
        this.grain = grain;
        this.clipStart = clipStart;
    }

    public Motion label() {
        return label;
    }

    public long seed() {
        return seed;
    }

    /** Objects in drawing order (later ones cover earlier ones). */
    public List<SceneObject> objects() {
        return objects;
    }

    public SceneObject target() {
        return objects.get(targetIndex);
    }

    /** Start time of this scene's canonical model clip (see {@link #clip(int, int)}). */
    public double clipStart() {
        return clipStart;
    }

    /**
     * The canonical model clip: {@code frames} frames at τ = clipStart + k/frames (the time step
     * of the demo video sampled every {@code rate} frames), rendered at {@code size} px.
     */
    public DemoClip clip(int frames, int size) {
        double[] taus = new double[frames];
        for (int k = 0; k < frames; k++) {
            taus[k] = clipStart + (double) k / frames;
        }
        return render(taus, size);
    }

    /** Renders the scene at the given times, {@code size × size} px, with the target's boxes. */
    public DemoClip render(double[] taus, int size) {
        if (size < 8) {
            throw new IllegalArgumentException("rendering size must be at least 8 px, got " + size);
        }
        int[] backdrop = background.render(size);
        List<BufferedImage> images = new ArrayList<>(taus.length);
        List<TargetBox> boxes = new ArrayList<>(taus.length);
        for (double tau : taus) {
            images.add(renderFrame(backdrop, tau, size));
            boxes.add(targetBox(tau));
        }
        return new DemoClip(this, taus.clone(), images, boxes);
    }

    private BufferedImage renderFrame(int[] backdrop, double tau, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(backdrop, 0, px, 0, px.length);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setTransform(AffineTransform.getScaleInstance(size, size));
            g.setStroke(new BasicStroke((float) STROKE));
            for (SceneObject o : objects) {
                Shape s = o.outlineAt(tau);
                g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.28f));
                g.setColor(Color.BLACK);
                g.fill(AffineTransform.getTranslateInstance(SHADOW, SHADOW).createTransformedShape(s));
                g.setComposite(AlphaComposite.SrcOver);
                g.setColor(o.color());
                g.fill(s);
                g.setColor(darker(o.color()));
                g.draw(s);
            }
        } finally {
            g.dispose();
        }
        addGrain(px, size, tau);
        return img;
    }

    /** Monochrome grain, bilinear on a fixed lattice, re-drawn every frame (keyed by τ). */
    private void addGrain(int[] px, int size, double tau) {
        int n = GRAIN_CELLS;
        float[] lat = new float[n * n];
        Random rnd = new Random(seed * 31 + Math.round(tau * (1 << 20)));
        for (int i = 0; i < lat.length; i++) {
            lat[i] = (float) (rnd.nextGaussian() * grain);
        }
        for (int py = 0; py < size; py++) {
            double gy = Math.max(0, Math.min(n - 1.0, (py + 0.5) * n / size - 0.5));
            int iy = Math.min((int) gy, n - 2);
            double fy = gy - iy;
            for (int pxi = 0; pxi < size; pxi++) {
                double gx = Math.max(0, Math.min(n - 1.0, (pxi + 0.5) * n / size - 0.5));
                int ix = Math.min((int) gx, n - 2);
                double fx = gx - ix;
                double a = lat[iy * n + ix] + (lat[iy * n + ix + 1] - lat[iy * n + ix]) * fx;
                double b = lat[(iy + 1) * n + ix] + (lat[(iy + 1) * n + ix + 1] - lat[(iy + 1) * n + ix]) * fx;
                double d = a + (b - a) * fy;
                int i = py * size + pxi;
                int v = px[i];
                px[i] = (Background.clamp(((v >> 16) & 255) + d) << 16)
                        | (Background.clamp(((v >> 8) & 255) + d) << 8)
                        | Background.clamp((v & 255) + d);
            }
        }
    }

    /**
     * The target's box at τ (outline stroke included), with how much of it is inside the frame
     * and how much is visible (not covered by objects drawn later), estimated on a 24×24 grid of
     * sample points over the target's bounds.
     */
    public TargetBox targetBox(double tau) {
        SceneObject t = target();
        Shape shape = t.outlineAt(tau);
        Rectangle2D b = shape.getBounds2D();
        double half = STROKE / 2;
        double x0 = b.getMinX() - half;
        double y0 = b.getMinY() - half;
        double x1 = b.getMaxX() + half;
        double y1 = b.getMaxY() + half;
        List<Shape> above = new ArrayList<>();
        for (int i = targetIndex + 1; i < objects.size(); i++) {
            above.add(objects.get(i).outlineAt(tau));
        }
        int inside = 0;
        int inFrame = 0;
        int visible = 0;
        int grid = 24;
        for (int j = 0; j < grid; j++) {
            double y = b.getMinY() + (j + 0.5) * b.getHeight() / grid;
            for (int i = 0; i < grid; i++) {
                double x = b.getMinX() + (i + 0.5) * b.getWidth() / grid;
                if (!shape.contains(x, y)) {
                    continue;
                }
                inside++;
                if (x < 0 || x >= 1 || y < 0 || y >= 1) {
                    continue;
                }
                inFrame++;
                boolean covered = false;
                for (Shape s : above) {
                    if (s.contains(x, y)) {
                        covered = true;
                        break;
                    }
                }
                if (!covered) {
                    visible++;
                }
            }
        }
        double cx0 = clamp01(x0);
        double cy0 = clamp01(y0);
        double cx1 = clamp01(x1);
        double cy1 = clamp01(y1);
        return new TargetBox(cx0, cy0, cx1, cy1,
                inside == 0 ? 0 : (double) inFrame / inside, inside == 0 ? 0 : (double) visible / inside);
    }

    private static double clamp01(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static Color darker(Color c) {
        return new Color((int) (c.getRed() * 0.62), (int) (c.getGreen() * 0.62), (int) (c.getBlue() * 0.62));
    }
}
