package br.lncc.llm.cli;

import br.lncc.llm.bench.shard.Shard;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --shard I/N}: a wrong value is a usage error (exit 2) with the rule spelled out. */
final class ShardOption implements ITypeConverter<Shard> {
    @Override
    public Shard convert(String value) {
        return Shard.parse(value).orElseThrow(() -> new TypeConversionException(CompanionCommand.text("shard.cli.badShard", value)));
    }
}
