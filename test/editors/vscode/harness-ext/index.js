// Nothing to activate: this extension only carries test/index.js.
exports.activate = () => undefined;
exports.deactivate = () => undefined;
