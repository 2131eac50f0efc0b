package org.spacetimelens.pipeline;

/**
 * What an export does when a file it would write already exists. The CLI refuses unless {@code --force};
 * a front end can ask {@link ExportFiles#conflicts} first and then pass {@link #REPLACE}.
 */
public enum Overwrite {
    /** Write nothing and fail with {@link ExportFiles.ExistsException} naming the existing files. */
    REFUSE,
    /** Replace them (each atomically, see {@link AtomicFiles}). */
    REPLACE
}
