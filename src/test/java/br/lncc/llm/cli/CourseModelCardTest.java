package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.lncc.llm.model.CourseModel;
import br.lncc.llm.reliability.Cli;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The shipped course model's card is true: it claims no file the app does not ship, and
 * `companion card` on it (by name, offline) reads the same facts the README states.
 */
class CourseModelCardTest {

    @Test
    void theShippedReadmeClaimsOnlyWhatIsShipped() throws Exception {
        var folder = CourseModel.folder();
        String readme = Files.readString(folder.resolve("README.md"));
        assertFalse(Files.exists(folder.resolve("checkpoint")), "checkpoint/ is not shipped (20 MB budget)");
        assertTrue(readme.contains("it has no `checkpoint/`"), "the card says the shipped copy cannot be resumed");
        for (String f : new String[] {"trainer_state.json", "training.log", "model.safetensors", "tokenizer.json", "config.json"}) {
            assertTrue(Files.isRegularFile(folder.resolve(f)), f);
        }
        var facts = CourseModel.facts();
        assertTrue(readme.contains(String.format(java.util.Locale.ROOT, "%,d", facts.parameters())), "parameters");
        assertTrue(readme.contains(String.format(java.util.Locale.ROOT, "validation %.4f", facts.valLoss())), "final validation loss");
        assertTrue(readme.contains(facts.vocabSize() + " ids"), "vocabulary");
    }

    @Test
    void theShippedCardLicensesTheWeightsAsTheirCorpus() throws Exception {
        String readme = Files.readString(CourseModel.folder().resolve("README.md"));
        // The guide's copyright note: GFDL version 1.2, no "or any later version"; the weights are derived from that text.
        assertTrue(readme.startsWith("---\nlicense: GFDL-1.2-only\n"), "front matter license:\n" + readme);
        assertTrue(readme.contains("| Licence of the weights | GFDL-1.2-only, the corpus licence"), "prose row");
        assertTrue(CourseModel.facts().license().equals("GFDL-1.2-only"), CourseModel.facts().license());
    }

    @Test
    void companionCardOnTheCourseModelByNameAgreesWithItsReadme() {
        var r = Cli.run("card", "--model", "course-gpt2-foca", "--no-measure");
        assertEquals(0, r.exit(), r.err());
        String card = r.out();
        assertTrue(card.contains("BPE, 2049 tokens"), "distinct ids, <|endoftext|> counted once:\n" + card);
        assertTrue(card.contains("2.197.824") || card.contains("2,197,824"), card);
        assertTrue(card.contains("(trainer_state.json): corpus focalinux.txt"), "provenance from the shipped trainer_state.json:\n" + card);
        assertTrue(card.contains("650 passos"), card);
        assertFalse(card.contains("| 0.2 | 20 |"), "the samples table's rows are not facts of the run:\n" + card);
    }
}
