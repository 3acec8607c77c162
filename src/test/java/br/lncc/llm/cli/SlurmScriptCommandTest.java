package br.lncc.llm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --slurm}: the batch scripts written for a run, and what --submit does without Slurm. */
class SlurmScriptCommandTest {

    @Test
    void slurmWritesAnArrayWithOneShardPerTaskAndAMergeJobThatWaitsForAllOfThem(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("results");
        var r = Gpt2CommandsTest.run("bench", "sentiment", "--model", "HuggingFaceTB/SmolLM3-3B", "--dataset", "demo", "--n", "500",
                "--seed", "42", "--out", out.toString(), "--slurm", "--array", "8", "--partition", "sequana_cpu", "--time", "02:00:00",
                "--cpus-per-task", "4", "--mem", "16G", "--gpus", "1");
        assertEquals(0, r.exit(), r.err());
        Path slurm = out.resolve("slurm");
        assertEquals("bash " + slurm.resolve("submit.sh"), r.out().strip());
        String array = Files.readString(slurm.resolve("sentiment-array.sbatch"));
        for (String line : new String[] {"#SBATCH --array=1-8", "#SBATCH --partition=sequana_cpu", "#SBATCH --time=02:00:00",
                "#SBATCH --cpus-per-task=4", "#SBATCH --mem=16G", "#SBATCH --gpus=1", "#SBATCH --requeue",
                "export HF_HUB_OFFLINE=\"${HF_HUB_OFFLINE:-1}\"", "export OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\""}) {
            assertTrue(array.contains(line + "\n"), line + " in\n" + array);
        }
        String task = array.lines().filter(l -> l.startsWith("exec ")).findFirst().orElseThrow();
        assertTrue(task.contains(" bench sentiment --model HuggingFaceTB/SmolLM3-3B --dataset demo --n 500 --seed 42 --out "
                + out.toAbsolutePath()), task);
        assertTrue(task.endsWith(" --shard \"${SLURM_ARRAY_TASK_ID}/8\" --resume"), task);
        assertFalse(task.contains("--slurm") || task.contains("--array") || task.contains("--mem"), task);
        // OMP_WAIT_POLICY is exported, so the node's java starts once: the Vector API module is on its line.
        assertTrue(task.contains("/bin/java}\" --add-modules=jdk.incubator.vector "), task);
        String merge = Files.readString(slurm.resolve("sentiment-merge.sbatch"));
        assertTrue(merge.contains(" bench merge --out " + out.toAbsolutePath() + " --json\n"), merge);
        assertFalse(merge.contains("--array") || merge.contains("--gpus"), merge);
        String submit = Files.readString(slurm.resolve("submit.sh"));
        assertTrue(submit.contains("sbatch --parsable --dependency=afterok:${array} "), submit);
        assertTrue(Files.isExecutable(slurm.resolve("submit.sh")));

        // the task command really runs: bash expands it to the same program with --shard 3/8
        var check = new ProcessBuilder("bash", "-c", "SLURM_ARRAY_TASK_ID=3; set -- " + task.substring("exec ".length())
                + "; echo \"$@\"").start();
        String expanded = new String(check.getInputStream().readAllBytes()).strip();
        assertTrue(expanded.endsWith("--shard 3/8 --resume"), expanded);
    }

    @Test
    void submitWithoutSlurmSaysSoAndLeavesTheScripts(@TempDir Path dir) {
        var saved = SlurmOptions.environment;
        try {
            SlurmOptions.environment = () -> Map.of("PATH", dir.resolve("empty-bin").toString());
            Path out = dir.resolve("results");
            var r = Gpt2CommandsTest.run("bench", "energy", "--models", "gpt2,microsoft/phi-2", "--out", out.toString(), "--slurm",
                    "--array", "3", "--submit");
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("o Slurm não está instalado aqui (sbatch não está no PATH)"), r.err());
            var en = Gpt2CommandsTest.run("bench", "energy", "--models", "gpt2", "--out", out.toString(), "--slurm",
                    "--array", "3", "--submit", "--lang", "en");
            assertTrue(en.err().contains("Slurm is not installed here (sbatch is not on the PATH)"), en.err());
            assertTrue(Files.exists(out.resolve("slurm/energy-array.sbatch")) && Files.exists(out.resolve("slurm/submit.sh")));
        } finally {
            SlurmOptions.environment = saved;
        }
    }

    @Test
    void submitThroughAFakeSbatchReportsBothJobIds(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path calls = dir.resolve("calls.txt");
        Path sbatch = Files.writeString(bin.resolve("sbatch"), "#!/bin/bash\necho \"$@\" >> " + calls + "\n"
                + "if [[ \"$*\" == *dependency* ]]; then echo '4712;cluster'; else echo 4711; fi\n");
        sbatch.toFile().setExecutable(true);
        var saved = SlurmOptions.environment;
        try {
            SlurmOptions.environment = () -> Map.of("PATH", bin.toString());
            var r = Gpt2CommandsTest.run("bench", "sentiment", "--model", "gpt2", "--out", dir.resolve("r").toString(), "--slurm",
                    "--submit", "--json");
            assertEquals(0, r.exit(), r.err());
            var json = Gpt2CommandsTest.JSON.readTree(r.out());
            assertEquals("4711", json.get("array_job").asText());
            assertEquals("4712", json.get("merge_job").asText());
            assertTrue(Files.readString(calls).contains("--parsable --dependency=afterok:4711 "), Files.readString(calls));
        } finally {
            SlurmOptions.environment = saved;
        }
    }

    @Test
    void impossibleSlurmOptionsAreUsageErrors(@TempDir Path dir) {
        String[][] bad = {{"--time", "2h"}, {"--array", "0"}, {"--cpus-per-task", "0"}, {"--mem", "lots"}, {"--gpus", "-1"}};
        for (String[] option : bad) {
            var r = Gpt2CommandsTest.run("bench", "sentiment", "--model", "gpt2", "--out", dir.toString(), "--slurm", option[0], option[1]);
            assertEquals(2, r.exit(), String.join(" ", option) + ": " + r.err());
            assertTrue(r.err().contains(option[0]), r.err());
        }
        assertFalse(Files.exists(dir.resolve("slurm")));
    }
}
