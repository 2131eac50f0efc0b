package org.spacetimelens.video;

import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes FFmpeg's {@code av_log} lines (e.g. {@code [h264 @ 0x…] error while decoding MB …}) to the
 * slf4j logger {@code ffmpeg} instead of FFmpeg's default, which writes them straight to stderr.
 * Where they end up is then {@link org.spacetimelens.logging.Logs}' choice (a log file by default);
 * the user sees a count of damaged frames instead (see {@link FfmpegVideoSource#decodeErrors()}).
 *
 * <p>JavaCV's {@code FFmpegLogCallback} does the same through JavaCPP's own logger, which prints
 * to stderr unless a system property picks slf4j; this goes to slf4j directly.
 */
public final class FfmpegLog extends LogCallback {
    private static final Logger LOG = LoggerFactory.getLogger("ffmpeg");
    private static FfmpegLog instance;

    private FfmpegLog() {
    }

    /** Installs the callback once per process (FFmpeg's callback is global). */
    public static synchronized void install() {
        if (instance == null) {
            instance = new FfmpegLog().retainReference();
            avutil.setLogCallback(instance);
        }
    }

    @Override
    public void call(int level, BytePointer msg) {
        if (level > avutil.av_log_get_level()) {
            return;
        }
        String line = msg == null || msg.isNull() ? "" : msg.getString().strip();
        if (line.isEmpty()) {
            return;
        }
        if (level <= avutil.AV_LOG_ERROR) {
            LOG.error(line);
        } else if (level <= avutil.AV_LOG_WARNING) {
            LOG.warn(line);
        } else if (level <= avutil.AV_LOG_INFO) {
            LOG.info(line);
        } else {
            LOG.debug(line);
        }
    }
}
