package org.spacetimelens.evaluate;

import java.util.List;
import java.util.function.Function;

/**
 * A method that draws a map over the token grid {@code (T', gh, gw)} (frames first) and ranks its entries.
 *
 * @param name method name
 * @param map  the map of one clip, {@code grid.size()} values, before any upsampling
 */
public record MapMethod(String name, Function<ClipContext, float[]> map) implements RankingMethod {

    @Override
    public List<int[]> rankings(ClipContext clip) {
        float[] m = map.apply(clip);
        if (m.length != clip.grid().size()) {
            throw new IllegalArgumentException(name + ": map has " + m.length + " entries, the clip has "
                    + clip.grid().size() + " patches (T'·gh·gw)");
        }
        return List.of(PerturbationProtocol.rank(m));
    }
}
