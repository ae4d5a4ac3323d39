/**
 * Edges of the columns `netstat -t` (Offload State: TCP_CONNECTION_OFFLOAD_STATE's names) and `netstat -y`
 * (Template: Get-NetTCPSetting's names, or "Not Applicable") add at the end of a connection line: each name
 * is taken off exactly, one column at most, and what stays is the state and PID as in -ano.
 */
import { describe, expect, it } from 'vitest';
import { NO_TEMPLATE, takeTrailingColumns, TCP_TEMPLATES } from './netstat-extras';

describe('takeTrailingColumns', () => {
  it.each(['InHost', 'Offloading', 'Offloaded', 'Uploading'])(
    'takes the offload state %s off, and only it',
    (state) => {
      const rest = ['ESTABLISHED', '4', state];
      expect(takeTrailingColumns(rest)).toEqual({ offloadState: state, templateColumn: false });
      expect(rest).toEqual(['ESTABLISHED', '4']);
    },
  );

  it.each([...TCP_TEMPLATES])('takes the template %s off, and only it', (template) => {
    const rest = ['ESTABLISHED', '7312', template];
    expect(takeTrailingColumns(rest)).toEqual({ template, templateColumn: true });
    expect(rest).toEqual(['ESTABLISHED', '7312']);
  });

  it('takes "Not Applicable" off as a template column without a template', () => {
    expect(NO_TEMPLATE.split(' ')).toEqual(['Not', 'Applicable']);
    const rest = ['LISTENING', '1108', 'Not', 'Applicable'];
    expect(takeTrailingColumns(rest)).toEqual({ templateColumn: true });
    expect(rest).toEqual(['LISTENING', '1108']);
    const alone = ['Not', 'Applicable'];
    expect(takeTrailingColumns(alone)).toEqual({ templateColumn: true });
    expect(alone).toEqual([]);
  });

  it.each([
    [['LISTENING', 'Applicable']],
    [['Applicable']],
    [['LISTENING', 'not', 'applicable']],
    [['LISTENING', 'Applicable', 'Not']],
    [['LISTENING', 'Not', 'Available']],
    [['ESTABLISHED', 'inhost']],
    [['ESTABLISHED', 'Offloaded ']],
    [['ESTABLISHED', 'datacenter']],
    [['ESTABLISHED', 'Internet', '1234']],
    [['ESTABLISHED']],
    [[]],
  ])('leaves %j as it is', (words) => {
    const rest = [...words];
    expect(takeTrailingColumns(rest)).toEqual({ templateColumn: false });
    expect(rest).toEqual(words);
  });

  it('takes one column only, even when the word before is a name too', () => {
    const rest = ['ESTABLISHED', 'Internet', 'InHost'];
    expect(takeTrailingColumns(rest)).toEqual({ offloadState: 'InHost', templateColumn: false });
    expect(rest).toEqual(['ESTABLISHED', 'Internet']);
    const twice = ['ESTABLISHED', 'Compat', 'Compat'];
    expect(takeTrailingColumns(twice)).toEqual({ template: 'Compat', templateColumn: true });
    expect(twice).toEqual(['ESTABLISHED', 'Compat']);
  });
});
