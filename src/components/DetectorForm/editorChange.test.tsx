import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { sameValue, useEditorChange } from './editorChange';

describe('sameValue', () => {
  it('compares content, not identity or key order; undefined equals absent', () => {
    expect(sameValue({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(sameValue({ a: 1, s: undefined }, { a: 1 })).toBe(true);
    expect(sameValue({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameValue({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameValue({ a: {} }, { a: [] })).toBe(false);
    expect(sameValue({ a: null }, { a: undefined })).toBe(false);
    expect(sameValue(NaN, NaN)).toBe(false);
  });
});

function Picker({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const send = useEditorChange(value, onChange);
  return (
    <>
      <button onClick={() => send('a')}>a</button>
      <button onClick={() => send('b')}>b</button>
    </>
  );
}

describe('useEditorChange', () => {
  it('drops the current value and a change reported again before the props show it; passes real changes', () => {
    const onChange = jest.fn();
    const { rerender } = render(<Picker value="a" onChange={onChange} />);
    fireEvent.click(screen.getByText('a')); // the current value
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.click(screen.getByText('b'));
    fireEvent.click(screen.getByText('b')); // reported again, props still "a"
    expect(onChange.mock.calls).toEqual([['b']]);
    rerender(<Picker value="b" onChange={onChange} />); // Grafana feeds it back
    fireEvent.click(screen.getByText('b'));
    fireEvent.click(screen.getByText('a'));
    expect(onChange.mock.calls).toEqual([['b'], ['a']]);
    rerender(<Picker value="a" onChange={onChange} />);
    rerender(<Picker value="b" onChange={onChange} />); // then undone elsewhere (panel JSON, undo)
    fireEvent.click(screen.getByText('a')); // the props moved since it was sent: a real change again
    expect(onChange.mock.calls).toEqual([['b'], ['a'], ['a']]);
  });
});
