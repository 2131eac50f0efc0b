package org.spacetimelens.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassEvidenceCardTest {
    @TempDir
    Path dir;

    private static String section(String body) {
        return ClassEvidenceCard.BEGIN + "\n" + body + "\n" + ClassEvidenceCard.END + "\n\n";
    }

    @Test
    void appendsWhenMissingAndReplacesInPlaceAfterwards() throws IOException {
        Path card = dir.resolve("MODEL_CARD.md");
        Files.writeString(card, "# Card\n\n## A\n\ntext\n");
        ClassEvidenceCard.writeInto(card, section("first"));
        assertThat(Files.readString(card)).isEqualTo("# Card\n\n## A\n\ntext\n\n" + section("first"));

        Files.writeString(card, Files.readString(card) + "## After\n\nmore\n");
        ClassEvidenceCard.writeInto(card, section("second"));
        assertThat(Files.readString(card)).isEqualTo("# Card\n\n## A\n\ntext\n\n" + section("second")
                + "## After\n\nmore\n");
        ClassEvidenceCard.writeInto(card, section("second"));
        assertThat(Files.readString(card)).as("idempotent").isEqualTo("# Card\n\n## A\n\ntext\n\n"
                + section("second") + "## After\n\nmore\n");
    }

    @Test
    void aBeginMarkerWithoutAnEndIsAnErrorNamingTheFile() throws IOException {
        Path card = dir.resolve("MODEL_CARD.md");
        Files.writeString(card, "# Card\n" + ClassEvidenceCard.BEGIN + "\nhalf a section\n");
        assertThatThrownBy(() -> ClassEvidenceCard.writeInto(card, section("x"))).isInstanceOf(IOException.class)
                .hasMessageContaining(card.toString()).hasMessageContaining("end marker");
    }
}
