package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.model.Engines;
import org.spacetimelens.pipeline.NpyFile;
import org.spacetimelens.pipeline.NpzWriter;

/** The .npy reader against good and hostile files; the .npz writer read back by DJL and numpy. */
class NpyFileTest {

    @TempDir
    Path dir;

    @Test
    void readsWhatNumpyLayoutHolds() throws IOException {
        Path f = NpyTestFiles.float32(dir.resolve("a.npy"), new long[] {2, 3, 4, 5}, NpyTestFiles.ramp(120));
        NpyFile.Array a = NpyFile.readFloat32(f);
        assertThat(a.shape()).containsExactly(2, 3, 4, 5);
        assertThat(a.data()).containsExactly(NpyTestFiles.ramp(120));
        assertThat((Files.size(f) - 480) % 64).as("header padded so the data is 64-byte aligned").isZero();
    }

    @Test
    void hostileOrWrongFilesAreRefusedWithTheReason() throws IOException {
        Path notNpy = Files.writeString(dir.resolve("x.npy"), "hello, this is text");
        assertThatThrownBy(() -> NpyFile.readFloat32(notNpy)).hasMessageContaining("not a .npy file")
                .hasMessageContaining("x.npy");
        Path f8 = NpyTestFiles.raw(dir.resolve("f8.npy"), "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 16);
        assertThatThrownBy(() -> NpyFile.readFloat32(f8)).hasMessageContaining("dtype is '<f8'");
        Path fortran = NpyTestFiles.raw(dir.resolve("fo.npy"),
                "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", 16);
        assertThatThrownBy(() -> NpyFile.readFloat32(fortran)).hasMessageContaining("Fortran order");
        Path truncated = NpyTestFiles.raw(dir.resolve("tr.npy"),
                "{'descr': '<f4', 'fortran_order': False, 'shape': (8, 3, 2, 2), }", 100);
        assertThatThrownBy(() -> NpyFile.readFloat32(truncated)).hasMessageContaining("truncated");
        Path huge = NpyTestFiles.raw(dir.resolve("huge.npy"),
                "{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 3, 2), }", 16);
        assertThatThrownBy(() -> NpyFile.readFloat32(huge)).hasMessageContaining("too large");
        Path noShape = NpyTestFiles.raw(dir.resolve("ns.npy"), "{'descr': '<f4', 'fortran_order': False}", 4);
        assertThatThrownBy(() -> NpyFile.readFloat32(noShape)).hasMessageContaining("'shape'");
        byte[] bogusLength = Files.readAllBytes(NpyTestFiles.float32(dir.resolve("b.npy"), new long[] {1}, new float[1]));
        bogusLength[8] = (byte) 0xFF;
        bogusLength[9] = (byte) 0xFF;
        Path badLength = Files.write(dir.resolve("len.npy"), bogusLength);
        assertThatThrownBy(() -> NpyFile.readFloat32(badLength)).hasMessageContaining("header length 65535 is impossible");
        byte[] v2 = Files.readAllBytes(NpyTestFiles.float32(dir.resolve("c.npy"), new long[] {1}, new float[1]));
        v2[6] = 2;
        v2[8] = 0;
        v2[9] = 0;
        v2[10] = 0;
        v2[11] = 0x10; // 2^28-byte header
        Path v2file = Files.write(dir.resolve("v2.npy"), v2);
        assertThatThrownBy(() -> NpyFile.readFloat32(v2file)).hasMessageContaining("is impossible");
    }

    @Test
    void npzIsReadBackByDjl() throws IOException {
        Path npz = writeSample();
        Engines.ensureOffline();
        try (NDManager manager = NDManager.newBaseManager(); InputStream in = Files.newInputStream(npz)) {
            NDList list = NDList.decode(manager, in);
            assertThat(list).hasSize(2);
            NDArray big = list.get("big");
            assertThat(big.getShape().getShape()).containsExactly(3, 4, 5);
            assertThat(big.toFloatArray()).containsExactly(NpyTestFiles.ramp(60));
            assertThat(list.get("one").getShape().getShape()).containsExactly(1);
        }
    }

    @Test
    void npzIsReadBackByNumpy() throws Exception {
        Path npz = writeSample();
        String script = "import numpy as np, sys\n"
                + "z = np.load(sys.argv[1])\n"
                + "b = z['big']\n"
                + "ok = b.dtype == np.float32 and b.shape == (3, 4, 5) and np.array_equal(b.ravel(), "
                + "np.arange(60, dtype=np.float32) * 0.25 - 3) and z['one'].shape == (1,) and z['one'][0] == 7\n"
                + "print('OK' if ok else 'BAD', sorted(z.files))\n";
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", script, npz.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("python3 not available");
            return;
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeFalse(output.contains("No module named 'numpy'"), "numpy not installed");
        assertThat(output).startsWith("OK ['big', 'one']");
    }

    private Path writeSample() throws IOException {
        Path npz = dir.resolve("s.npz");
        float[] ramp = NpyTestFiles.ramp(60);
        try (NpzWriter w = new NpzWriter(npz)) {
            // two chunks, as the attention arrays are written layer by layer
            float[] first = java.util.Arrays.copyOfRange(ramp, 0, 20);
            float[] second = java.util.Arrays.copyOfRange(ramp, 20, 60);
            w.write("big", new long[] {3, 4, 5}, new NpzWriter.Chunks() {
                @Override
                public int count() {
                    return 2;
                }

                @Override
                public float[] chunk(int i) {
                    return i == 0 ? first : second;
                }
            });
            w.write("one", new long[] {1}, new float[] {7});
        }
        return npz;
    }
}
