/**
 * Colormaps, map upsampling, overlay blending, figure layouts (contact sheet, annotated frame) and
 * exporters (PNG, MP4, GIF, WebM). java2d and JavaCV only; no JavaFX.
 */
package org.spacetimelens.render;
