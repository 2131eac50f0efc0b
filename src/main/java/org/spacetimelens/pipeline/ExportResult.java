package org.spacetimelens.pipeline;

import java.nio.file.Path;
import java.util.List;

/**
 * What one export wrote.
 *
 * @param outDir         the output folder
 * @param files          every file written, absolute: the artefacts, their sidecars, params.json last
 * @param frameIndices   source frame per clip position
 * @param timestamps     seconds per clip position (NaN for a tensor input)
 * @param predictions    the most probable classes, best first
 * @param notes          warnings worth showing (sampling changes, encoder fallbacks...)
 * @param forwardSeconds time of the forward pass
 * @param seconds        time of the whole export
 */
public record ExportResult(Path outDir, List<Path> files, int[] frameIndices, double[] timestamps,
                           List<Predictions.Prediction> predictions, List<String> notes, double forwardSeconds,
                           double seconds) {

    public ExportResult {
        files = List.copyOf(files);
        predictions = List.copyOf(predictions);
        notes = List.copyOf(notes);
    }
}
