import { plainToInstance } from 'class-transformer';
import { Trim } from './trim.decorator.js';

class NameDto {
  @Trim()
  name: unknown;
}

describe('Trim', () => {
  it('strips surrounding whitespace from a string', () => {
    expect(plainToInstance(NameDto, { name: ' \t Groceries \n' }).name).toBe('Groceries');
  });

  it.each([42, null, true, ['  a  '], { a: ' b ' }])('leaves %p unchanged', (value) => {
    expect(plainToInstance(NameDto, { name: value }).name).toEqual(value);
  });
});
