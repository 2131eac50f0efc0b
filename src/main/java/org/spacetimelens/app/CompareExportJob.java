package org.spacetimelens.app;

import java.util.List;

/**
 * What a compare figure needs, captured on the FX thread: each shown pane as an export job (the window's
 * clip with the pane's settings), its letter and one-line summary, the frame shown and the layout.
 *
 * @param frame      the video frame the panes show
 * @param clipFrame  the clip frame t whose maps are drawn
 * @param difference add the pane A − B
 * @param title      the figure's title line
 * @param paneHeight each picture's height in layout units
 * @param scale      1 for screen size, 2 for print
 */
record CompareExportJob(List<ExportJob> panes, List<String> labels, List<String> captions, int frame, int clipFrame,
        boolean difference, String title, double paneHeight, double scale) {

    CompareExportJob {
        panes = List.copyOf(panes);
        labels = List.copyOf(labels);
        captions = List.copyOf(captions);
    }
}
