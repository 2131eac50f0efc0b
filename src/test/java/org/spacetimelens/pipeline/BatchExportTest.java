package org.spacetimelens.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing a batch folder and splitting it into shards (no model, no decoding). */
class BatchExportTest {

    @TempDir
    Path dir;

    @Test
    void listsVideosAndFrameFoldersSortedWithUniqueNames() throws Exception {
        for (String f : List.of("b.mp4", "a.MOV", "c.avi", "c.mkv", "d.webm", "e.gif", "notes.txt", ".hidden.mp4",
                "clip.npy")) {
            Files.writeString(dir.resolve(f), "x");
        }
        Files.createDirectories(dir.resolve("frames01"));
        Files.createDirectories(dir.resolve(".cache"));
        Path out = Files.createDirectories(dir.resolve("out"));
        List<BatchExport.Item> items = BatchExport.list(dir, out);
        assertThat(items).extracting(i -> i.input().getFileName().toString())
                .containsExactly("a.MOV", "b.mp4", "c.avi", "c.mkv", "d.webm", "e.gif", "frames01");
        assertThat(items).extracting(BatchExport.Item::name)
                .containsExactly("a", "b", "c.avi", "c.mkv", "d", "e", "frames01");
        assertThat(BatchExport.list(dir, null)).extracting(BatchExport.Item::name).contains("out");
    }

    @Test
    void shardsAreDisjointCoverEverythingAndTakeEveryNth() {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            all.add(i);
        }
        assertThat(BatchExport.Shard.parse("1/2").select(all)).containsExactly(1, 3, 5, 7, 9);
        assertThat(BatchExport.Shard.parse(" 0 / 3 ").select(all)).containsExactly(0, 3, 6, 9);
        Set<Integer> seen = new HashSet<>();
        int total = 0;
        for (int i = 0; i < 4; i++) {
            List<Integer> part = new BatchExport.Shard(i, 4).select(all);
            total += part.size();
            seen.addAll(part);
        }
        assertThat(total).isEqualTo(11);
        assertThat(seen).hasSize(11);
        assertThat(new BatchExport.Shard(5, 8).select(List.of(1, 2, 3))).isEmpty();
        assertThat(BatchExport.Shard.ALL.select(all)).isEqualTo(all);
    }

    @Test
    void badShardsAreNamed() {
        assertThatThrownBy(() -> BatchExport.Shard.parse("2/2")).hasMessageContaining("0 <= i < n");
        assertThatThrownBy(() -> BatchExport.Shard.parse("1")).hasMessageContaining("is not i/n");
        assertThatThrownBy(() -> BatchExport.Shard.parse("a/b")).hasMessageContaining("whole numbers");
        assertThatThrownBy(() -> BatchExport.Shard.parse("0/0")).hasMessageContaining("n >= 1");
    }
}
