/** picocli commands ({@code export}, {@code predict}, {@code train-demo}, {@code bench}, {@code view}). */
package org.spacetimelens.cli;
