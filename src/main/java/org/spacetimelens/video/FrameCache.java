package org.spacetimelens.video;

import java.awt.image.BufferedImage;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Least-recently-used image cache bounded by pixel bytes rather than entry count (a 4K frame weighs as
 * much as a hundred thumbnails). Not thread-safe: the owning source serialises access.
 */
final class FrameCache<K> {

    private final long budget;
    private final LinkedHashMap<K, BufferedImage> map = new LinkedHashMap<>(64, 0.75f, true);
    private long used;

    FrameCache(long budgetBytes) {
        this.budget = budgetBytes;
    }

    BufferedImage get(K key) {
        return map.get(key);
    }

    /** Stores the image unless it alone exceeds the budget, evicting the least recently used first. */
    void put(K key, BufferedImage image) {
        long size = Frames.sizeOf(image);
        BufferedImage old = map.remove(key);
        if (old != null) {
            used -= Frames.sizeOf(old);
        }
        if (size > budget) {
            return;
        }
        map.put(key, image);
        used += size;
        Iterator<Map.Entry<K, BufferedImage>> it = map.entrySet().iterator();
        while (used > budget && it.hasNext()) {
            Map.Entry<K, BufferedImage> eldest = it.next();
            used -= Frames.sizeOf(eldest.getValue());
            it.remove();
        }
    }

    void clear() {
        map.clear();
        used = 0;
    }

    long usedBytes() {
        return used;
    }

    int size() {
        return map.size();
    }

    boolean contains(K key) {
        return map.containsKey(key);
    }
}
