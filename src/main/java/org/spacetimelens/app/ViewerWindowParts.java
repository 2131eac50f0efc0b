package org.spacetimelens.app;

/** What the viewer's commands act on: the window's parts, without the window's layout. */
interface ViewerWindowParts {
    ViewState state();

    ViewerController controller();

    Playback playback();

    Exports exports();

    FrameView frameView();

    /** The compare mode's panes. */
    CompareView compareView();

    OpenDialogs dialogs();

    ModalSheets sheets();

    /** The Faithfulness window (View ▸ Faithfulness curves). */
    FaithfulnessWindow faithfulness();

    /** Shows the keyboard sheet, or closes it when it is up. */
    void toggleHelp();

    /** Opens the bundled demo video and checkpoint, or says why not. */
    void openDemo();

    void quit();

    /** Puts the keyboard focus in the transport bar's go-to-frame field. */
    void focusGoToFrame();
}
