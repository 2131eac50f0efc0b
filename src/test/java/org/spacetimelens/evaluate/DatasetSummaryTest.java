package org.spacetimelens.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-clip rows (CSV round trip) and the data-set summary: means, bootstrap intervals, win rates. */
class DatasetSummaryTest {

    @TempDir
    Path dir;

    private static ClipRows.Row row(String clip, String method, double del, double ins) {
        return new ClipRows.Row(clip, method, 1, 0.9, 0.1, del, ins);
    }

    @Test
    void rowsSurviveTheCsvRoundTripIncludingAwkwardNames() throws Exception {
        List<ClipRows.Row> rows = List.of(row("plain", "rollout", 0.125, 0.875), row("a,b", "random", 1e-7, 0.5),
                row("say \"hi\", twice", "rollout", 0.3, 0.7));
        Path f = dir.resolve(ClipRows.FILE_NAME);
        ClipRows.write(f, rows);
        assertThat(ClipRows.read(f)).containsExactlyElementsOf(rows);
        Files.writeString(f, "clip,method\nx,y\n");
        assertThatThrownBy(() -> ClipRows.read(f)).hasMessageContaining("not a " + ClipRows.FILE_NAME);
        Files.writeString(f, ClipRows.HEADER + "\nx,rollout,1,0.5,0.1,abc,0.2\n");
        assertThatThrownBy(() -> ClipRows.read(f)).hasMessageContaining(":2: not a number");
    }

    @Test
    void meansIntervalsAndPairedWinRates() {
        List<ClipRows.Row> rows = new ArrayList<>();
        double[] rolloutDel = {0.1, 0.2, 0.3, 0.6};
        double[] randomDel = {0.5, 0.5, 0.3, 0.5};
        double[] rolloutIns = {0.9, 0.8, 0.4, 0.7};
        double[] randomIns = {0.6, 0.6, 0.6, 0.7};
        for (int i = 0; i < 4; i++) {
            rows.add(row("c" + i, "rollout", rolloutDel[i], rolloutIns[i]));
            rows.add(row("c" + i, "random", randomDel[i], randomIns[i]));
        }
        List<DatasetSummary.MethodSummary> s = DatasetSummary.of(rows, 1);
        assertThat(s).extracting(DatasetSummary.MethodSummary::method).containsExactly("rollout", "random");
        DatasetSummary.MethodSummary r = s.get(0);
        assertThat(r.clips()).isEqualTo(4);
        assertThat(r.deletionMean()).isCloseTo(0.3, within(1e-12));
        assertThat(r.insertionMean()).isCloseTo(0.7, within(1e-12));
        // wins: deletion 0.1<0.5, 0.2<0.5, tie, 0.6>0.5 -> 2.5/4; insertion 0.9>0.6, 0.8>0.6, 0.4<0.6, tie -> 2.5/4
        assertThat(r.deletionWinRate()).isEqualTo(0.625);
        assertThat(r.insertionWinRate()).isEqualTo(0.625);
        assertThat(s.get(1).deletionWinRate()).isNaN();
        // the interval holds the mean, lies within the data's range, and is reproducible from the seed
        assertThat(r.deletionLow()).isBetween(0.1, 0.3);
        assertThat(r.deletionHigh()).isBetween(0.3, 0.6);
        assertThat(DatasetSummary.of(rows, 1)).isEqualTo(s);
        assertThat(DatasetSummary.markdown(s)).contains("| rollout | 4 | 0.3000 [").contains("| 62.5% | 62.5% |");
    }

    @Test
    void theBootstrapIntervalNarrowsLikeTheStandardError() {
        java.util.Random rnd = new java.util.Random(4);
        double[] v = new double[400];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextGaussian();
        }
        double[] ci = DatasetSummary.bootstrap(v, 9);
        double mean = DatasetSummary.mean(v);
        double sd = 0;
        for (double x : v) {
            sd += (x - mean) * (x - mean);
        }
        double se = Math.sqrt(sd / (v.length - 1) / v.length);
        // a normal mean's 95% interval is mean ± 1.96 se; the percentile bootstrap agrees to a few percent
        assertThat(ci[0]).isCloseTo(mean - 1.96 * se, within(0.1 * se * 1.96));
        assertThat(ci[1]).isCloseTo(mean + 1.96 * se, within(0.1 * se * 1.96));
        assertThat(DatasetSummary.bootstrap(new double[] {0.4}, 1)).containsExactly(0.4, 0.4);
    }
}
