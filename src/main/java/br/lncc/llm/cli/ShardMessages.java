package br.lncc.llm.cli;

import br.lncc.llm.bench.shard.ShardMerge;
import br.lncc.llm.bench.shard.ShardProblem;
import java.util.stream.Collectors;

/** The command line's wording (pt-BR) of why a sharded run or a merge stopped. */
final class ShardMessages {
    private ShardMessages() {}

    static String describe(ShardProblem problem) {
        if (problem instanceof ShardProblem.NotAShardLog p) {
            return p.file().getFileName() + " em " + parent(p) + " não é um arquivo de parte"
                    + " (a primeira linha não é o cabeçalho de uma parte): mova-o ou use outra pasta (--out); nada foi apagado";
        }
        if (problem instanceof ShardProblem.OtherExperiment p) {
            return p.file().getFileName() + " é de outro experimento: " + p.field() + " é " + p.found()
                    + " nesse arquivo, mas " + p.expected() + " aqui. Use as mesmas opções para continuar ou outra pasta (--out);"
                    + " nada foi apagado";
        }
        if (problem instanceof ShardProblem.AlreadyHasResults p) {
            return p.file().getFileName() + " já tem " + p.records() + " resultado(s) medido(s): continue essa parte com"
                    + " --resume ou escolha outra pasta (--out); nada foi apagado";
        }
        if (problem instanceof ShardProblem.NoShards p) {
            return "nenhum arquivo shard-I-of-N.jsonl em " + p.dir() + " (rode as partes com --shard I/N e --out nessa pasta)";
        }
        if (problem instanceof ShardProblem.MixedExperiments p) {
            return "a pasta mistura partes de experimentos diferentes; recusadas: "
                    + p.foreign().stream().map(ShardMessages::describe).collect(Collectors.joining("; "));
        }
        var p = (ShardProblem.Duplicates) problem;
        return "itens gravados mais de uma vez (nada foi juntado): "
                + p.duplicates().stream().limit(10).map(ShardMessages::duplicate).collect(Collectors.joining("; "))
                + (p.duplicates().size() > 10 ? "; e mais " + (p.duplicates().size() - 10) : "");
    }

    private static String parent(ShardProblem.NotAShardLog p) {
        var parent = p.file().toAbsolutePath().getParent();
        return parent == null ? "." : parent.toString();
    }

    private static String duplicate(ShardMerge.Duplicate d) {
        return (d.model().isEmpty() ? "" : d.model() + " ") + "item " + d.item() + " (" + d.id() + ") em " + String.join(" e ", d.files());
    }
}
