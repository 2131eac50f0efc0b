package org.spacetimelens.video;

/** How {@link VideoInfo#frameCount()} was established (container headers alone are never trusted). */
public enum FrameCountMethod {
    /**
     * Counted the video packets of the whole file without decoding them; used when every packet
     * carries a presentation timestamp and the container's own count (if any) agrees.
     */
    PACKET_SCAN,
    /**
     * Decoded every frame once; used when packet timestamps are missing (e.g. AVI), duplicated, or
     * disagree with the container, for codecs whose packets need not be one frame each (VP8), or when
     * {@link VideoOptions#exactFrameCount()} asks for it.
     */
    DECODE_SCAN,
    /** Counted the image files of a frame folder. */
    FILE_COUNT
}
