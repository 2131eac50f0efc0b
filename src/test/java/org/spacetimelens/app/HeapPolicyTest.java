package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class HeapPolicyTest {
    @Test
    void theViewerTellsG1ToGiveBackUnusedHeap() {
        HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        HeapPolicy.apply();
        for (var e : HeapPolicy.FLAGS.entrySet()) {
            var option = hs.getVMOption(e.getKey());
            if (option.getOrigin() != com.sun.management.VMOption.Origin.VM_CREATION) {
                assertThat(option.getValue()).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
        assertThat(Integer.parseInt(HeapPolicy.FLAGS.get("MaxHeapFreeRatio")))
                .isGreaterThanOrEqualTo(Integer.parseInt(HeapPolicy.FLAGS.get("MinHeapFreeRatio")));
    }

    @Test
    void aViewerPassStartsWithACollection() {
        HeapPolicy.apply(); // as the viewer does at start
        long before = collections();
        HeapPolicy.beforePass();
        assertThat(collections()).as("collections run by beforePass").isGreaterThan(before);
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionCount).sum();
    }
}
