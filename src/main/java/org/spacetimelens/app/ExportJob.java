package org.spacetimelens.app;

/** Everything an export needs: what was analysed and how it is shown right now. */
public record ExportJob(VideoHandle video, ModelHandle model, ClipAnalysis analysis, SamplingSettings sampling,
        MapSettings mapSettings, RenderSettings renderSettings) {
}
