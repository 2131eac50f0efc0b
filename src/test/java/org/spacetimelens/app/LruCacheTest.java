package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LruCacheTest {
    @Test
    void evictsLeastRecentlyUsedUntilTheBytesFit() {
        LruCache<String, byte[]> c = new LruCache<>(100, v -> v.length);
        c.put("a", new byte[40]);
        c.put("b", new byte[40]);
        assertThat(c.get("a")).isNotNull(); // a is now more recent than b
        c.put("c", new byte[40]);
        assertThat(c.containsKey("b")).isFalse();
        assertThat(c.containsKey("a")).isTrue();
        assertThat(c.containsKey("c")).isTrue();
        assertThat(c.weight()).isEqualTo(80);
    }

    @Test
    void keepsAnEntryLargerThanTheWholeBudgetAlone() {
        LruCache<String, byte[]> c = new LruCache<>(100, v -> v.length);
        c.put("a", new byte[10]);
        c.put("big", new byte[500]);
        assertThat(c.size()).isEqualTo(1);
        assertThat(c.get("big")).hasSize(500);
    }

    @Test
    void replacingAnEntryReweighsIt() {
        LruCache<String, byte[]> c = new LruCache<>(100, v -> v.length);
        c.put("a", new byte[60]);
        c.put("a", new byte[10]);
        assertThat(c.weight()).isEqualTo(10);
        c.setCapacity(5);
        assertThat(c.size()).isEqualTo(1); // the only entry stays
    }
}
