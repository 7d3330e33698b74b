package io.releasedesk.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.engine.impl.FormServiceImpl;
import org.camunda.bpm.engine.impl.RuntimeServiceImpl;
import org.camunda.bpm.engine.impl.TaskServiceImpl;
import org.junit.jupiter.api.Test;

/**
 * Release Desk's rules sit in subclasses of the engine's own services (ADR 30). A method the engine adds in a new
 * version would be a door past them, so this test lists, per service, every public method through which a task's
 * variables, its ending or the start of a release pass, and says how each is guarded: overridden here, or funnelled
 * by the engine into a method overridden here. An engine upgrade that adds, removes or renames such a method fails
 * it, naming the method; guard it, then add it here.
 */
class EngineServiceOverridesTest {

  static final Pattern TASK_DOORS =
      Pattern.compile(
          "complete.*|resolveTask|set(Variable|Variables).*|update.*Variables.*|remove.*Variable.*|handle.*");

  @Test
  void everyDoorOfTheTaskServiceIsGuarded() {
    Set<String> overridden = declared(FormFieldsOnlyTaskService.class, GuardedTaskService.class);
    // ending up, inside TaskServiceImpl, in a method overridden above
    Set<String> funnelled =
        Set.of(
            "complete(String)", // calls complete(String, Map)
            "resolveTask(String)", // carries no variables
            // build a map for, or call, setVariables(String, Map, boolean)
            "setVariable(String,String,Object)",
            "setVariableLocal(String,String,Object)",
            "setVariables(String,Map)",
            "setVariablesLocal(String,Map)",
            // call updateVariables(String, Map, Collection, boolean)
            "updateVariables(String,Map,Collection)",
            "updateVariablesLocal(String,Map,Collection)");

    assertThat(doors(TaskServiceImpl.class, TASK_DOORS))
        .hasSizeGreaterThan(funnelled.size())
        .containsExactlyInAnyOrderElementsOf(
            union(overridden, funnelled, TaskServiceImpl.class, TASK_DOORS));
  }

  @Test
  void everyFormSubmissionIsGuarded() {
    Pattern submissions = Pattern.compile("submitTask.*");
    Set<String> overridden = declared(FormFieldsOnlyFormService.class);
    // calls submitTaskForm(String, Map)
    Set<String> funnelled = Set.of("submitTaskFormData(String,Map)");

    assertThat(doors(FormServiceImpl.class, submissions))
        .hasSizeGreaterThan(funnelled.size())
        .containsExactlyInAnyOrderElementsOf(
            union(overridden, funnelled, FormServiceImpl.class, submissions));
  }

  @Test
  void everyWayToStartAReleaseAtAnActivityIsGuarded() {
    Pattern starts = Pattern.compile("createProcessInstanceBy.*");

    assertThat(doors(RuntimeServiceImpl.class, starts))
        .isNotEmpty()
        .containsExactlyInAnyOrderElementsOf(declared(StartAtStartEventRuntimeService.class));
  }

  static Set<String> doors(Class<?> service, Pattern names) {
    return Arrays.stream(service.getDeclaredMethods())
        .filter(
            method ->
                Modifier.isPublic(method.getModifiers())
                    && !method.isBridge()
                    && !method.isSynthetic())
        .filter(method -> names.matcher(method.getName()).matches())
        .map(EngineServiceOverridesTest::signature)
        .collect(Collectors.toSet());
  }

  static Set<String> declared(Class<?>... types) {
    return Stream.of(types)
        .flatMap(type -> Arrays.stream(type.getDeclaredMethods()))
        .filter(method -> !method.isBridge() && !method.isSynthetic())
        .map(EngineServiceOverridesTest::signature)
        .collect(Collectors.toSet());
  }

  /** The public doors of the service that are overridden, and those the engine funnels into an override. */
  static Set<String> union(
      Set<String> overridden, Set<String> funnelled, Class<?> service, Pattern names) {
    Set<String> publicOverrides =
        overridden.stream()
            .filter(
                signature ->
                    names.matcher(signature.substring(0, signature.indexOf('('))).matches())
            .filter(signature -> isPublicIn(service, signature))
            .collect(Collectors.toSet());
    return Stream.concat(publicOverrides.stream(), funnelled.stream()).collect(Collectors.toSet());
  }

  static boolean isPublicIn(Class<?> service, String signature) {
    return Arrays.stream(service.getDeclaredMethods())
        .anyMatch(
            method ->
                Modifier.isPublic(method.getModifiers()) && signature(method).equals(signature));
  }

  static String signature(Method method) {
    return method.getName()
        + Arrays.stream(method.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(",", "(", ")"));
  }
}
