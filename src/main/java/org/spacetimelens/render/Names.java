package org.spacetimelens.render;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Case-insensitive enum parsing with an error that lists the accepted names. */
final class Names {
    private Names() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String name, String what) {
        if (name != null) {
            String key = name.trim().replace('-', '_').toUpperCase(Locale.ROOT);
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(key)) {
                    return e;
                }
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + name + "'; choose one of "
                + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", ", "[", "]")));
    }
}
