package io.releasedesk.models;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * The beans a model may name: Release Desk's own delegates (Java delegates, execution and task listeners). The engine's
 * expressions resolve these names and no other bean, so a model cannot reach, say, the identity service; and the
 * deployment check accepts no other name in a delegate expression. Looked up on first use, once the application's
 * beans are defined.
 */
class DelegateBeans extends AbstractMap<Object, Object> implements Predicate<String> {

  static final String OWN_PACKAGE = "io.releasedesk";

  private final ApplicationContext context;
  private volatile Set<String> names;

  DelegateBeans(ApplicationContext context) {
    this.context = context;
  }

  @Override
  public boolean test(String name) {
    return names().contains(name);
  }

  @Override
  public boolean containsKey(Object name) {
    return name instanceof String s && test(s);
  }

  @Override
  public Object get(Object name) {
    return containsKey(name) ? context.getBean((String) name) : null;
  }

  @Override
  public Set<Entry<Object, Object>> entrySet() {
    var beans = new LinkedHashMap<Object, Object>();
    names().forEach(name -> beans.put(name, context.getBean(name)));
    return beans.entrySet();
  }

  private Set<String> names() {
    Set<String> known = names;
    if (known == null) {
      var found = new LinkedHashSet<String>();
      for (Class<?> type :
          new Class<?>[] {JavaDelegate.class, ExecutionListener.class, TaskListener.class}) {
        for (String name : context.getBeanNamesForType(type)) {
          Class<?> beanType = context.getType(name);
          if (beanType != null
              && ClassUtils.getUserClass(beanType).getPackageName().startsWith(OWN_PACKAGE)) {
            found.add(name);
            // a delegate's former names, kept for the models deployed before it was renamed
            found.addAll(List.of(context.getAliases(name)));
          }
        }
      }
      known = Set.copyOf(found);
      names = known;
    }
    return known;
  }

  @Override
  public String toString() {
    return "delegate beans " + names();
  }
}
