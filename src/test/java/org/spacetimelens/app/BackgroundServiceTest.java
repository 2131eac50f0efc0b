package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Latest request wins: superseded jobs never start, their results never arrive. */
class BackgroundServiceTest {
    private final ExecutorService executor = DaemonThreads.single("test");

    @AfterEach
    void shutdown() {
        executor.shutdownNow();
    }

    @Test
    void aFloodOfRequestsRunsOnlyTheRunningAndTheLatestJob() throws Exception {
        FxToolkit.registerPrimaryStage();
        BackgroundService<Integer> service = new BackgroundService<>("test", executor);
        List<Integer> started = new CopyOnWriteArrayList<>();
        List<Integer> delivered = new CopyOnWriteArrayList<>();
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WaitForAsyncUtils.asyncFx(() -> service.submit("job 0", ctx -> {
            started.add(0);
            firstRunning.countDown();
            release.await(10, TimeUnit.SECONDS);
            return 0;
        }, delivered::add, e -> { })).get();
        assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i <= 50; i++) {
            int id = i;
            WaitForAsyncUtils.asyncFx(() -> service.submit("job " + id, ctx -> {
                started.add(id);
                return id;
            }, delivered::add, e -> { })).get();
        }
        release.countDown();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> delivered.contains(50));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(started).containsExactly(0, 50);
        assertThat(delivered).containsExactly(50);
    }

    @Test
    void failuresReachTheFailureCallback() throws Exception {
        FxToolkit.registerPrimaryStage();
        BackgroundService<Integer> service = new BackgroundService<>("test", executor);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        WaitForAsyncUtils.asyncFx(() -> service.submit("bad", ctx -> {
            throw new BackendException("no such file");
        }, v -> { }, failures::add)).get();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !failures.isEmpty());
        assertThat(failures.get(0)).hasMessage("no such file");
    }
}
