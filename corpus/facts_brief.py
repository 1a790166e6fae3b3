# Print the fact catalog without the note-reading blocks: id, type, unit/values, question.
import glob, pathlib, yaml
root = pathlib.Path(__file__).resolve().parents[1]
for f in sorted(glob.glob(str(root / 'policies/facts/*.yaml'))):
    for x in yaml.safe_load(open(f))['facts']:
        if x.get('derived'):
            continue
        extra = x.get('unit') or x.get('values') or ''
        print(f"{x['id']} [{x['type']}{' ' + str(extra) if extra else ''}] {x.get('question','')}")
