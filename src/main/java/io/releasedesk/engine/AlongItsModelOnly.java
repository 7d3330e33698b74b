package io.releasedesk.engine;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.camunda.bpm.engine.impl.MessageCorrelationBuilderImpl;
import org.camunda.bpm.engine.impl.SignalEventReceivedBuilderImpl;
import org.camunda.bpm.engine.impl.cmd.AbstractCorrelateMessageCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractModificationCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractRestartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.MessageEventReceivedCmd;
import org.camunda.bpm.engine.impl.cmd.ModifyProcessInstanceAsyncCmd;
import org.camunda.bpm.engine.impl.cmd.ModifyProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.PatchExecutionVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.RemoveExecutionVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SetExecutionVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SignalCmd;
import org.camunda.bpm.engine.impl.cmd.SignalEventReceivedCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceAtActivitiesCmd;
import org.camunda.bpm.engine.impl.cmd.batch.CorrelateAllMessageBatchCmd;
import org.camunda.bpm.engine.impl.cmd.batch.variables.SetVariablesToProcessInstancesBatchCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.migration.AbstractMigrationCmd;

/**
 * A release, and a deployment, moves only along its model, and its variables are written only by its start request,
 * its tasks' forms ({@link FormFields}) and its own steps. Camunda lets anyone with the permission to update process
 * instances start one at any activity, skip its listeners, restart a finished one, cancel and start activities of a
 * running one, or rewrite its variables: each would let a release reach production around its gates. No permission
 * tells these apart from the ordinary work, so this interceptor refuses the commands themselves.
 *
 * <p>The rule binds people, administrators included: a command is a person's when a user is authenticated and the
 * engine's authorization checks are on. Trusted application code runs without an authenticated user, or inside
 * {@code runWithoutAuthorization} after checks of its own (cancelling a release through Release Desk's API), and is
 * not bound. Listeners and delegates write through their execution, which issues no command.
 */
class AlongItsModelOnly extends CommandInterceptor {

  static final String MOVES_ALONG_ITS_MODEL = "A release moves only along its model";
  static final String OWN_VARIABLES =
      "A release's variables are written only by its request, its tasks' forms and its own steps";
  static final String STARTS_AT_ITS_START_EVENT =
      MOVES_ALONG_ITS_MODEL
          + ": it starts at its start event, with its "
          + "listeners and input mappings; start instructions, skipCustomListeners and skipIoMappings are refused";

  @Override
  public <T> T execute(Command<T> command) {
    if (issuedByAPerson()) {
      refusal(command)
          .ifPresent(
              reason -> {
                throw new OffTheModelException(reason);
              });
    }
    return next.execute(command);
  }

  static boolean issuedByAPerson() {
    CommandContext context = Context.getCommandContext();
    return context.getProcessEngineConfiguration().isAuthorizationEnabled()
        && context.isAuthorizationCheckEnabled()
        && context.getAuthenticatedUserId() != null;
  }

  /** Why a person may not issue this command, if they may not. */
  static Optional<String> refusal(Command<?> command) {
    if (command instanceof StartProcessInstanceAtActivitiesCmd) {
      return Optional.of(STARTS_AT_ITS_START_EVENT);
    }
    if (command instanceof AbstractRestartProcessInstanceCmd<?>) {
      return Optional.of(
          MOVES_ALONG_ITS_MODEL + ": a finished one is not restarted; request a new one");
    }
    if (command instanceof ModifyProcessInstanceCmd
        || command instanceof ModifyProcessInstanceAsyncCmd
        || command instanceof AbstractModificationCmd<?>) {
      return Optional.of(
          MOVES_ALONG_ITS_MODEL
              + ": process instance modification (cancelling or starting "
              + "activities) is refused");
    }
    if (command instanceof AbstractMigrationCmd) {
      return Optional.of(
          MOVES_ALONG_ITS_MODEL + ": it is not migrated to other activities or model versions");
    }
    if (command instanceof SignalCmd) {
      return Optional.of(MOVES_ALONG_ITS_MODEL + ": a waiting execution is not triggered directly");
    }
    if (command instanceof SetExecutionVariablesCmd
        || command instanceof RemoveExecutionVariablesCmd
        || command instanceof PatchExecutionVariablesCmd
        || command instanceof SetVariablesToProcessInstancesBatchCmd) {
      return Optional.of(
          OWN_VARIABLES + ": setting or removing process variables directly is refused");
    }
    if (carriesVariables(command)) {
      return Optional.of(OWN_VARIABLES + ": a message or signal may not carry variables");
    }
    return Optional.empty();
  }

  /** Messages and signals may move a release along its model, but not write its variables on the way. */
  private static boolean carriesVariables(Command<?> command) {
    Stream<Object> variables;
    if (command instanceof AbstractCorrelateMessageCmd) {
      var builder = (MessageCorrelationBuilderImpl) field(command, "builder");
      variables =
          Stream.of(
              builder.getPayloadProcessInstanceVariables(),
              builder.getPayloadProcessInstanceVariablesLocal(),
              builder.getPayloadProcessInstanceVariablesToTriggeredScope());
    } else if (command instanceof CorrelateAllMessageBatchCmd) {
      variables = Stream.of(field(command, "variables"));
    } else if (command instanceof MessageEventReceivedCmd) {
      variables =
          Stream.of(
              field(command, "processVariables"),
              field(command, "processVariablesLocal"),
              field(command, "processVariablesToTriggeredScope"));
    } else if (command instanceof SignalEventReceivedCmd) {
      variables =
          Stream.of(((SignalEventReceivedBuilderImpl) field(command, "builder")).getVariables());
    } else {
      return false;
    }
    return variables.anyMatch(map -> map != null && !((Map<?, ?>) map).isEmpty());
  }

  /** The engine's commands keep what they were given in protected fields without getters. */
  static Object field(Object command, String name) {
    for (Class<?> type = command.getClass(); type != null; type = type.getSuperclass()) {
      try {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(command);
      } catch (NoSuchFieldException e) {
        // declared further up
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(
            "Cannot read " + name + " of " + command.getClass().getName(), e);
      }
    }
    throw new IllegalStateException(
        command.getClass().getName()
            + " has no field "
            + name
            + ": check "
            + AlongItsModelOnly.class.getSimpleName()
            + " against this Camunda version");
  }
}
