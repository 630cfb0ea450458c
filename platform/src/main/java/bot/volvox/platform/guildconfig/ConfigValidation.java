package bot.volvox.platform.guildconfig;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bot.volvox.platform.kafka.VolvoxJson;

/**
 * Whether a configuration may be stored: it must read as a {@link GuildConfig} (types) and satisfy the constraints
 * on its records (ranges, enums, Discord ids). Each problem names the dotted configuration path, e.g.
 * {@code moderation.warnings.expiryDays must be between 1 and 3650}.
 */
@ApplicationScoped
public class ConfigValidation {

    /** What is wrong at one path. */
    public record Problem(String path, String message) {
        @Override
        public String toString() {
            return path + " " + message;
        }
    }

    private final Validator validator;

    @Inject
    public ConfigValidation(Validator validator) {
        this.validator = validator;
    }

    /**
     * The problems of a whole (merged) configuration, by path; empty when it may be stored. Sections are read one by
     * one, so a section of the wrong type does not hide the problems of another.
     */
    public List<Problem> problems(ObjectNode config) {
        List<Problem> problems = new ArrayList<>();
        for (RecordComponent component : GuildConfig.class.getRecordComponents()) {
            String section = component.getName();
            JsonNode value = config.get(section);
            if (value == null || !value.isObject()) {
                problems.add(new Problem(section, "must be an object"));
                continue;
            }
            Object typed;
            try {
                typed = VolvoxJson.MAPPER.treeToValue(value, component.getType());
            } catch (JsonMappingException e) {
                problems.add(new Problem(section + path(e), typeMessage(e)));
                continue;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                problems.add(new Problem(section, e.getOriginalMessage()));
                continue;
            }
            for (ConstraintViolation<Object> violation : validator.validate(typed)) {
                problems.add(new Problem(section + "." + path(violation.getPropertyPath()), violation.getMessage()));
            }
        }
        problems.sort(Comparator.comparing(Problem::path));
        return problems;
    }

    /** The problems a write of {@code paths} is answerable for: at, inside or above one of them. */
    public static List<Problem> concerning(List<Problem> problems, java.util.Collection<String> paths) {
        return problems.stream().filter(problem -> paths.stream().anyMatch(path -> problem.path().equals(path)
                || problem.path().startsWith(path + ".") || problem.path().startsWith(path + "[")
                || path.startsWith(problem.path() + "."))).toList();
    }

    /** The path inside a section, starting with its separator ({@code .warnings.expiryDays}). */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append('.').append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String typeMessage(JsonMappingException e) {
        String target = e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mismatch
                && mismatch.getTargetType() != null ? describe(mismatch.getTargetType()) : "of another type";
        return "must be " + target;
    }

    private static String describe(Class<?> type) {
        if (type == boolean.class || type == Boolean.class) {
            return "a boolean";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    /** {@code moderation.logging.channels.bans}, {@code moderation.escalation.thresholds[0].action}. */
    private static String path(Path propertyPath) {
        StringBuilder path = new StringBuilder();
        for (Path.Node node : propertyPath) {
            // an element of a map or list is named on the node that follows the container
            if (node.isInIterable()) {
                if (node.getKey() != null) {
                    path.append('.').append(node.getKey());
                } else if (node.getIndex() != null) {
                    path.append('[').append(node.getIndex()).append(']');
                }
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                path.append(path.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return path.toString();
    }
}
