/** The Fluent UI web components the task pane uses, registered once: Office's own look. */
import {
  fluentButton,
  fluentDivider,
  fluentProgress,
  fluentProgressRing,
  fluentRadio,
  fluentRadioGroup,
  fluentTextArea,
  provideFluentDesignSystem,
} from '@fluentui/web-components';

export function registerFluent(): void {
  provideFluentDesignSystem().register(
    fluentButton(),
    fluentDivider(),
    fluentProgress(),
    fluentProgressRing(),
    fluentRadio(),
    fluentRadioGroup(),
    fluentTextArea(),
  );
}
