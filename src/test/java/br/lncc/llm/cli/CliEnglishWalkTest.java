package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import br.lncc.llm.architecture.PortugueseLiteralsTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: `companion --lang en` speaks English in what the cheap commands print, on success and
 * on bad input (the heavy ones — judge, compress, bench decode, pretrain — have their own English
 * runs in their tests). The tiny model's tokens and matrix rows are data and are left out of the check;
 * generate's settings line is English while its --json settings_sources values stay pt-BR (a contract).
 * Failures raised below the CLI (a bad rarity table, review file or query file) and picocli's own parse
 * errors (missing or unknown option, a value of the wrong type) are walked in English too.
 */
class CliEnglishWalkTest {
    static final String TINY = Gpt2CommandsTest.TINY.toString();

    @Test
    void cheapCommandsPrintNoPortugueseWithLangEn(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("t.txt"), "the model reads this text and predicts every next token of it, one by one");
        // Files that make the layers below the CLI fail (issue 13: their messages are keys too).
        Path rarity = Files.writeString(dir.resolve("rarity.csv"), "family,size\nx,1\n");
        Path reviews = Files.writeString(dir.resolve("reviews.csv"), "texto,sentimento\nbom filme,talvez\n");
        Path queries = Files.writeString(dir.resolve("queries.txt"), "# only a comment\n");
        List<String[]> runs = List.of(
                new String[] {"doctor", "--no-engine"},
                new String[] {"stats", "mcnemar", "--b", "10", "--c", "3"},
                new String[] {"stats", "correlation", "--x", "1,2,3,4", "--y", "2,4,5,9"},
                new String[] {"stats", "anova", "--group", "1,2,x"},
                new String[] {"tokenize", "--model", "gpt2", "--text", "hello world"},
                new String[] {"tokenize", "--model", "gpt2", "--text", ""},
                new String[] {"notebook", "N09"},
                new String[] {"notebook", "N02", "--cpu-only"},
                new String[] {"logits", "--model", TINY, "--text", "hello", "--top", "3"},
                new String[] {"logits", "--model", TINY, "--text", "hello", "--top", "0"},
                new String[] {"attention", "--model", TINY, "--text", "hi there", "--layer", "9", "--head", "0"},
                new String[] {"attention", "--model", TINY, "--text", "hi there", "--layer", "0", "--head", "0"},
                new String[] {"eval", "ppl", "--model", TINY, "--text", text.toString(), "--window", "8"},
                new String[] {"eval", "ppl", "--model", TINY, "--text", text.toString(), "--window", "100000"},
                new String[] {"eval", "ppl", "--model", TINY, "--text", dir.resolve("none.txt").toString()},
                new String[] {"generate", "--model", TINY, "--prompt", "hello", "--max-new-tokens", "0"},
                new String[] {"generate", "--model", TINY, "--prompt", "hello", "--max-new-tokens", "2", "--greedy"},
                new String[] {"generate", "--model", TINY, "--prompt", "hello", "--temperature", "-1"},
                new String[] {"generate", "--model", TINY, "--prompt", "hello", "--system", "x"},
                new String[] {"serve", "--port", "70000"},
                new String[] {"serve", "--host", "0.0.0.0"},
                new String[] {"serve", "--model", TINY, "--nf4", "--adapter", dir.toString()},
                new String[] {"card", "--model", TINY, "--no-measure"},
                new String[] {"bench", "decode", "--model", TINY, "--lm-head", "int4"},
                new String[] {"bench", "quant", "--tokens", "0"},
                new String[] {"bench", "energy", "--models", "x", "--max-new-tokens", "0", "--out", dir.toString()},
                new String[] {"rarity", "--table", rarity.toString()},
                new String[] {"bench", "sentiment", "--model", TINY, "--dataset", reviews.toString(), "--out", dir.resolve("s").toString()},
                new String[] {"bench", "energy", "--models", "x", "--queries", queries.toString(), "--out", dir.resolve("e").toString()},
                // picocli's own parse errors: missing option, unknown option, a value of the wrong type.
                new String[] {"generate", "--prompt", "hello"},
                new String[] {"stats", "mcnemar", "--b", "1", "--c", "2", "--bogus"},
                new String[] {"stats", "mcnemar", "--b", "x", "--c", "2"});
        List<String> portuguese = new ArrayList<>();
        var everything = new StringBuilder();
        for (String[] args : runs) {
            String[] en = new String[args.length + 2];
            en[0] = "--lang";
            en[1] = "en";
            System.arraycopy(args, 0, en, 2, args.length);
            var r = Gpt2CommandsTest.run(en);
            String all = r.out() + "\n" + r.err();
            everything.append(all);
            for (String line : all.split("\n")) {
                // The tiny model's vocabulary and the tokens/rows of a matrix are data.
                if (line.matches("\\s*\\d+[.]? .*")) continue;
                if (PortugueseLiteralsTest.portuguese(line)) portuguese.add(String.join(" ", args) + " → " + line.strip());
            }
        }
        assertEquals(List.of(), portuguese);
        for (String english : List.of("Unknown notebook: N09", "invalid list of numbers", "layer 9 does not exist",
                "mean NLL", "out of range", "--lm-head accepts fp32 or int8", "DJL engine:", "most likely next tokens",
                "--port must be between 0 and 65535", "--cpu-only does not apply to N02",
                "Settings used: greedy (explicit), repetition_penalty=1 (app default), max_new_tokens=2 (explicit)",
                "the temperature must be above 0", "--nf4 and --adapter do not go together",
                "the first line must be the header", "record 2: unknown label 'talvez'", "the queries file is empty",
                "missing required option(s) --model", "unknown argument: --bogus", "--b expects a whole number")) {
            assertEquals(true, everything.toString().contains(english), english + " in:\n" + everything);
        }
    }
}
