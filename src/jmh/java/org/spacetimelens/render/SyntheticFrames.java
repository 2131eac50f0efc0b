package org.spacetimelens.render;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/** Moving-ball frames for the benchmarks (texture enough that the encoder has real work). */
final class SyntheticFrames {
    private SyntheticFrames() {
    }

    static BufferedImage frame(int w, int h, int t, int n) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(70, 110, 150), 0, h, new Color(180, 170, 140)));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(90, 120, 60));
        g.fillRect(0, h * 3 / 4, w, h);
        g.setColor(new Color(200, 200, 200));
        for (int k = 0; k < 40; k++) {
            g.drawLine(k * w / 40, h * 3 / 4, k * w / 40 + w / 80, h);
        }
        g.setColor(new Color(230, 80, 40));
        int r = h / 10;
        g.fillOval((int) (w * (0.2 + 0.6 * t / (double) n)) - r, h / 2 - r, 2 * r, 2 * r);
        g.dispose();
        return img;
    }
}
