package org.spacetimelens.app;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A thread-safe LRU cache bounded by a total weight (bytes, or 1 per entry for a count bound).
 * Hand-rolled on {@link LinkedHashMap} in access order: the viewer needs only get/put/evict with a
 * weigher, which does not justify a caching library in the dependency set.
 */
public final class LruCache<K, V> {
    private final LinkedHashMap<K, V> map = new LinkedHashMap<>(16, 0.75f, true);
    private final ToLongFunction<V> weigher;
    private long capacity;
    private long weight;

    public LruCache(long capacity, ToLongFunction<V> weigher) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("cache capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.weigher = weigher;
    }

    /** A cache of at most {@code entries} entries. */
    public static <K, V> LruCache<K, V> ofEntries(int entries) {
        return new LruCache<>(entries, v -> 1);
    }

    public synchronized V get(K key) {
        return map.get(key);
    }

    /**
     * Puts and evicts least-recently-used entries until the total fits. An entry heavier than the
     * whole capacity is still kept (alone): the viewer must be able to show the clip it just computed.
     */
    public synchronized void put(K key, V value) {
        V old = map.put(key, value);
        if (old != null) {
            weight -= weigher.applyAsLong(old);
        }
        weight += weigher.applyAsLong(value);
        evict(key);
    }

    /** Changes the budget; evicts least-recently-used entries, keeping at least the most recent one. */
    public synchronized void setCapacity(long capacity) {
        this.capacity = capacity;
        evict(null);
    }

    public synchronized void clear() {
        map.clear();
        weight = 0;
    }

    public synchronized long weight() {
        return weight;
    }

    public synchronized int size() {
        return map.size();
    }

    /** How many values match {@code test} (e.g. one kind of a cache that holds several). */
    public synchronized int count(java.util.function.Predicate<? super V> test) {
        return (int) map.values().stream().filter(test).count();
    }

    public synchronized boolean containsKey(K key) {
        return map.containsKey(key);
    }

    private void evict(K keep) {
        Iterator<Map.Entry<K, V>> it = map.entrySet().iterator();
        // Never empty the cache: the most recent entry stays even when it alone exceeds the budget.
        while (weight > capacity && map.size() > 1 && it.hasNext()) {
            Map.Entry<K, V> e = it.next();
            if (e.getKey().equals(keep)) {
                continue;
            }
            weight -= weigher.applyAsLong(e.getValue());
            it.remove();
        }
    }
}
