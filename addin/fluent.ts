/**
 * The Fluent UI web components the task pane uses (Fluent 2, the look of current Office), each
 * registered once. Their theme is fluent-theme.ts.
 */
import {
  Button,
  ButtonDefinition,
  Field,
  FieldDefinition,
  Label,
  LabelDefinition,
  ProgressBar,
  ProgressBarDefinition,
  Radio,
  RadioDefinition,
  RadioGroup,
  RadioGroupDefinition,
  Spinner,
  SpinnerDefinition,
  TextArea,
  TextAreaDefinition,
  TextInput,
  TextInputDefinition,
} from '@fluentui/web-components';

export function registerFluent(): void {
  Button.define(ButtonDefinition);
  Field.define(FieldDefinition);
  Label.define(LabelDefinition);
  ProgressBar.define(ProgressBarDefinition);
  Radio.define(RadioDefinition);
  RadioGroup.define(RadioGroupDefinition);
  Spinner.define(SpinnerDefinition);
  TextArea.define(TextAreaDefinition);
  TextInput.define(TextInputDefinition);
}
