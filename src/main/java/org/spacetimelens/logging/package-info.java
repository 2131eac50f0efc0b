/**
 * Where log lines go: the one set-up both the command line and the viewer call before anything logs
 * (engine and decoder logs to a file; to the terminal only on request). Core: no JavaFX, no CLI.
 */
package org.spacetimelens.logging;
