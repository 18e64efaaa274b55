import { InvalidArgumentError } from 'commander';

export const integerOption = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number`);
  return n;
};

export const collect = (value: string, previous: string[] = []) => [...previous, value];
