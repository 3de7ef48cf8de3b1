package org.secureta.provisioning.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProfileDocsTest {

    /** Regenerate with {@code mvn -pl provisioning -am test -Dsecureta.writeDocs=true}. */
    @Test
    void docsProfileMdListsExactlyTheVariablesTheParserAccepts() throws Exception {
        Path docs = Path.of("..", "docs", "profile.md");
        String generated = SchemaDocs.markdown(DeviceSchema.DGW_2_0);
        if (Boolean.getBoolean("secureta.writeDocs")) {
            Files.writeString(docs, generated);
        }
        assertEquals(generated, Files.readString(docs), "docs/profile.md is out of date: regenerate it (see this test)");
    }
}
