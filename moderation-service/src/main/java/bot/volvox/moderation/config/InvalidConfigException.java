package bot.volvox.moderation.config;

import java.util.List;

import bot.volvox.platform.guildconfig.ConfigValidation.Problem;

/** A configuration write refused before anything was written; {@link #first()} names the path. */
public class InvalidConfigException extends RuntimeException {
    private final transient List<Problem> problems;

    public InvalidConfigException(List<Problem> problems) {
        super(problems.get(0).toString());
        this.problems = List.copyOf(problems);
    }

    public Problem first() {
        return problems.get(0);
    }

    public List<Problem> problems() {
        return problems;
    }
}
