package org.spacetimelens.app;

import java.util.List;
import java.util.Set;

/**
 * The rules of the head selection (the side panel's chips, the {@code H} key): never empty, solo
 * and back, cycle. Plain logic over the view-state's set, testable without the FX toolkit.
 */
final class HeadSelection {
    private HeadSelection() {
    }

    /** Every head of a model with {@code totalHeads} heads. */
    static void selectAll(Set<Integer> heads, int totalHeads) {
        for (int h = 0; h < totalHeads; h++) {
            heads.add(h);
        }
    }

    /** Clicking a head chip: toggles it, but never leaves the selection empty. */
    static void toggle(Set<Integer> heads, int head) {
        if (heads.contains(head)) {
            if (heads.size() > 1) {
                heads.remove(head);
            }
        } else {
            heads.add(head);
        }
    }

    /** Double-clicking a head chip: only that head (again: all heads). */
    static void solo(Set<Integer> heads, int head, int totalHeads) {
        if (heads.size() == 1 && heads.contains(head)) {
            selectAll(heads, totalHeads);
        } else {
            heads.retainAll(List.of(head));
            heads.add(head);
        }
    }

    /** "H": cycles solo heads 1..H, then back to all. */
    static void next(Set<Integer> heads, int totalHeads) {
        if (totalHeads <= 0) {
            return;
        }
        if (heads.size() == totalHeads) {
            solo(heads, 0, totalHeads);
        } else if (heads.size() == 1) {
            int h = heads.iterator().next();
            if (h + 1 >= totalHeads) {
                selectAll(heads, totalHeads);
            } else {
                solo(heads, h + 1, totalHeads);
            }
        } else {
            solo(heads, heads.iterator().next(), totalHeads);
        }
    }
}
