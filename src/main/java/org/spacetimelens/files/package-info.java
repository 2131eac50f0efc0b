/**
 * Output files that appear whole or not at all: written under a temporary name beside the target
 * and renamed into place. Core: used by the npz and PNG writers of the CLI and the viewer.
 */
package org.spacetimelens.files;
