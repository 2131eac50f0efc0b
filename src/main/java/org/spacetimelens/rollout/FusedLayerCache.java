package org.spacetimelens.rollout;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Least-recently-used cache of fused per-layer maps, bounded in bytes, safe for concurrent callers.
 * Values are computed outside the lock, so two threads racing on the same key may both compute it
 * (harmless: same result, one is kept); a lock held during fusion would serialise the viewer's workers.
 */
final class FusedLayerCache {

    /** What makes two layers' fused maps identical for one record. */
    record Key(int layer, HeadFusion fusion, List<Integer> heads, double discardRatio, double residualWeight) {
    }

    private final long budgetBytes;
    private final LinkedHashMap<Key, FusedLayer> entries = new LinkedHashMap<>(32, 0.75f, true);
    private long bytes;

    FusedLayerCache(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    synchronized FusedLayer get(Key key) {
        return entries.get(key);
    }

    /** Stores a value (unless larger than the whole budget), evicting the least recently used first. */
    synchronized void put(Key key, FusedLayer value) {
        long size = value.bytes();
        if (size > budgetBytes) {
            return;
        }
        FusedLayer old = entries.put(key, value);
        if (old != null) {
            bytes -= old.bytes();
        }
        bytes += size;
        Iterator<Map.Entry<Key, FusedLayer>> it = entries.entrySet().iterator();
        while (bytes > budgetBytes && it.hasNext()) {
            Map.Entry<Key, FusedLayer> eldest = it.next();
            if (eldest.getKey().equals(key)) {
                continue;
            }
            bytes -= eldest.getValue().bytes();
            it.remove();
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized void clear() {
        entries.clear();
        bytes = 0;
    }
}
